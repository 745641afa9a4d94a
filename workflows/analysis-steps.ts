import { patched } from '@temporalio/workflow';
import { INSTRUMENTS, type InstrumentName } from '../domain/market';
import type { AccountSnapshotResult } from '../activities/broker/broker-activities';
import type { MarketAnalysis } from '../activities/market-data/market-data-activities';
import type { RecordActivities } from '../activities/trading/record-activities';
import { analysisActivities, brokerActivities, localRecordActivities, recordActivities } from './activity-proxies';
import type { AnalysisToTradeInput, AnalysisToTradeResult, ResolvedStrategy } from './definitions/analysis-to-trade';

/** Before it, a run took four round trips before its orders; with it, one (docs/architecture.md, the trading path). */
const ONE_ACTIVITY_ANALYSIS_PATCH = 'analysis-in-one-activity';

/** The account as the risk checks see it: the broker's snapshot and the trading state. */
export interface AccountView {
  snapshot: AccountSnapshotResult;
  trading: Awaited<ReturnType<RecordActivities['readTradingState']>>;
}

/** How analysisToTrade's steps reach their activities; the workflow's logic is the same either way. */
export interface AnalysisSteps {
  readonly stageOfAnalysis: 'fetching_market_data' | 'analyzing';
  resolveStrategy(input: AnalysisToTradeInput): Promise<ResolvedStrategy>;
  /** Each instrument's market read and analysed, in the order asked. */
  analyze(input: AnalysisToTradeInput, strategy: ResolvedStrategy): Promise<MarketAnalysis[]>;
  /** What the risk checks of these candidates need. */
  account(input: AnalysisToTradeInput, candidates: InstrumentName[]): Promise<AccountView>;
  /** Waits for whatever the steps started ahead of need, before the run records its result. */
  settle(): Promise<void>;
  record(request: AnalysisToTradeInput, result: AnalysisToTradeResult): Promise<void>;
}

/**
 * One broker activity per instrument fetches and analyses (candles stay out of the history), the account snapshot
 * is read alongside it, and the Postgres steps run as local activities: one round trip before the orders.
 */
function oneActivitySteps(): AnalysisSteps {
  const broker = brokerActivities();
  const records = localRecordActivities();
  let account: Promise<AccountView> | undefined;
  return {
    stageOfAnalysis: 'analyzing',
    resolveStrategy: (input) => records.resolveStrategy({ strategy: input.strategy, lookback: input.lookback }),
    analyze(input, strategy) {
      const known = input.instruments.filter((instrument) => INSTRUMENTS[instrument] !== undefined);
      // Read while the markets are analysed: for a run with no candidate this costs a broker read, not a round trip.
      if (known.length > 0) {
        account = Promise.all([
          broker.accountSnapshot({ accountId: input.accountId, instruments: known }),
          records.readTradingState({ accountId: input.accountId }),
        ]).then(([snapshot, trading]) => ({ snapshot, trading }));
      }
      return Promise.all(input.instruments.map((instrument) =>
        broker.analyzeMarket({ instrument, granularity: input.granularity, lookback: input.lookback, strategy })));
    },
    account: () => account!,
    // A run that needed no account view still waits for the reads it started: no activity is left behind it.
    settle: async () => void (await account?.catch(() => undefined)),
    record: (request, result) => records.recordAnalysis({ request, result }),
  };
}

/** The steps as runs started before ONE_ACTIVITY_ANALYSIS_PATCH took them, command for command. */
function legacySteps(): AnalysisSteps {
  const broker = brokerActivities();
  const records = recordActivities();
  const analysis = analysisActivities();
  return {
    stageOfAnalysis: 'fetching_market_data',
    resolveStrategy: (input) => records.resolveStrategy({ strategy: input.strategy, lookback: input.lookback }),
    async analyze(input, strategy) {
      const marketData = await Promise.all(input.instruments.map((instrument) =>
        broker.fetchMarketData({ instrument, granularity: input.granularity, lookback: input.lookback })));
      return Promise.all(marketData.map(async ({ instrument, problems, source, candles }) =>
        (problems.length > 0 ? { instrument, problems, source } : { instrument, problems, source, signal: await analysis.analyzeInstrument({ candles, strategy }) })));
    },
    async account(input, candidates) {
      const [snapshot, trading] = await Promise.all([
        broker.accountSnapshot({ accountId: input.accountId, instruments: candidates }),
        records.readTradingState({ accountId: input.accountId }),
      ]);
      return { snapshot, trading };
    },
    settle: async () => undefined,
    record: (request, result) => records.recordAnalysis({ request, result }),
  };
}

export function analysisSteps(): AnalysisSteps {
  return patched(ONE_ACTIVITY_ANALYSIS_PATCH) ? oneActivitySteps() : legacySteps();
}
