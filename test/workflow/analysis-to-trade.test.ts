import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AccountSnapshotResult, BrokerActivities, PlaceOrderInput } from '../../activities/broker/broker-activities';
import type { MarketDataActivities } from '../../activities/market-data/market-data-activities';
import type { AnalysisActivities, SignalAssessment } from '../../activities/trading/analysis-activities';
import type { RecordActivities } from '../../activities/trading/record-activities';
import { analysisToTrade } from '../../workflows';
import type { AnalysisToTradeInput, AnalysisToTradeResult, AnalysisToTradeStatus, SignalSummary } from '../../workflows/definitions/analysis-to-trade';
import { cancelSignal, statusQuery } from '../../workflows/definitions/control';
import { createTradingWorkers, useTradingWorkflowEnvironment } from '../helpers/trading-workers';

const SNAPSHOT: AccountSnapshotResult = {
  accountId: '101-001-0000001-001', navUsd: 100_000, unrealizedPlUsd: 0, dailyPnlUsd: 0, marginAvailableUsd: 100_000, openTradeCount: 0, lastTransactionId: '7',
  positions: {}, pricesMid: { EUR_USD: 1.1, GBP_USD: 1.3 }, quotes: { EUR_USD: { bid: 1.0999, ask: 1.1001, tradeable: true } },
};

const signal = (direction: -1 | 0 | 1, confidence: number): SignalSummary => ({ direction, confidence, stopDistance: 0.002, candleTimeMs: 1_700_000_000_000, priceQuote: 1.1 });
const approvedEurUsd: SignalAssessment = { instrument: 'EUR_USD', decision: 'approved', reasons: [], trade: { units: 25_000, priceQuote: 1.1001, stopLossDistance: 0.002, reducing: false } };

interface Scenario {
  signals?: Record<string, SignalSummary>;
  problems?: Record<string, string[]>;
  assessments?: SignalAssessment[];
  placeOrder?: (input: PlaceOrderInput) => Promise<Awaited<ReturnType<BrokerActivities['placeOrder']>>>;
  /** Resolves when the account snapshot may answer: lets a test signal the run while it is validating. */
  snapshotGate?: Promise<void>;
  tradingState?: 'ACTIVE' | 'REDUCING' | 'HALTED';
}

function mockActivities(scenario: Scenario) {
  const placed: PlaceOrderInput[] = [];
  const recorded: Array<Parameters<RecordActivities['recordAnalysis']>[0]> = [];
  const records: Pick<RecordActivities, 'resolveStrategy' | 'readTradingState' | 'recordAnalysis'> = {
    resolveStrategy: async ({ strategy }) => ({ name: strategy.name, params: { fast: 10, slow: 30 }, warmupBars: 31 }),
    readTradingState: async () => ({ state: scenario.tradingState ?? 'ACTIVE' }),
    recordAnalysis: async (input) => {
      recorded.push(input);
    },
  };
  const analysis: Pick<AnalysisActivities, 'analyzeInstrument' | 'assessSignals'> = {
    analyzeInstrument: async ({ candles }) => scenario.signals![String(candles[0]!.volume)] ?? signal(0, 0),
    assessSignals: async () => scenario.assessments ?? [],
  };
  const market: MarketDataActivities = {
    // The instrument rides in the candle's volume so the analysis mock can tell instruments apart.
    fetchMarketData: async ({ instrument }) => ({
      instrument, source: 'broker', problems: scenario.problems?.[instrument] ?? [],
      candles: [{ timeMs: 0, volume: instrument as unknown as number, complete: true }],
    }),
    analyzeMarket: async ({ instrument }) => {
      const problems = scenario.problems?.[instrument] ?? [];
      return { instrument, source: 'broker', problems, ...(problems.length === 0 ? { signal: scenario.signals?.[instrument] ?? signal(0, 0) } : {}) };
    },
  };
  const broker: Pick<BrokerActivities, 'accountSnapshot' | 'placeOrder'> = {
    accountSnapshot: async () => {
      await scenario.snapshotGate;
      return SNAPSHOT;
    },
    placeOrder: async (input) => {
      placed.push(input);
      if (scenario.placeOrder) return scenario.placeOrder(input);
      return { clientOrderId: input.clientOrderId, brokerOrderId: '8', units: input.units, filledUnits: input.units, fillPriceQuote: 1.1001, existing: false };
    },
  };
  return { activities: { orchestration: { ...records, ...analysis }, broker: { ...market, ...broker } }, placed, recorded };
}

const request = (overrides: Partial<AnalysisToTradeInput> = {}): AnalysisToTradeInput => ({
  accountId: '101-001-0000001-001', instruments: ['EUR_USD', 'GBP_USD'], strategy: { name: 'ma-crossover', params: {} },
  granularity: 'M5', lookback: 100, execute: true, minConfidence: 0.5, ...overrides,
});

describe('analysisToTrade workflow', () => {
  const context = useTradingWorkflowEnvironment();

  async function run(scenario: Scenario, input = request(), whileRunning?: (workflowId: string) => Promise<void>) {
    const mocks = mockActivities(scenario);
    const workers = await createTradingWorkers(context, mocks.activities);
    const workflowId = `atr-test-${randomUUID()}`;
    const result = await workers.run(async () => {
      const handle = await context.env.client.workflow.start(analysisToTrade, { taskQueue: workers.taskQueue, workflowId, args: [input] });
      await whileRunning?.(workflowId);
      const value: AnalysisToTradeResult = await handle.result();
      const status = await handle.query(statusQuery<AnalysisToTradeStatus>());
      const searchAttributes = (await handle.describe()).searchAttributes;
      return { value, status, searchAttributes };
    });
    return { ...mocks, ...result, workflowId };
  }

  it('places nothing and records why when no instrument has a signal', async () => {
    const { value, placed, recorded, status } = await run({
      signals: { EUR_USD: signal(0, 0), GBP_USD: signal(1, 0.3) },
    });
    expect(value.outcome).toBe('no_signal');
    expect(value.instruments.map((i) => [i.instrument, i.status])).toEqual([['EUR_USD', 'no_signal'], ['GBP_USD', 'below_threshold']]);
    expect(value.instruments[1]!.reasons).toEqual(['confidence 0.300 is below 0.5']);
    expect(placed).toHaveLength(0);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.result.outcome).toBe('no_signal');
    expect(status.stage).toBe('done');
  });

  it('skips an instrument with bad data, naming each problem, and never analyses it', async () => {
    const { value } = await run({
      signals: { GBP_USD: signal(0, 0) },
      problems: { EUR_USD: ['last complete candle ended 5 M5 periods ago: stale', 'candle at X has a non-positive bid price'] },
    });
    const eurUsd = value.instruments.find((i) => i.instrument === 'EUR_USD')!;
    expect(eurUsd.status).toBe('skipped');
    expect(eurUsd.reasons).toHaveLength(2);
    expect(eurUsd.signal).toBeUndefined();
  });

  it('records a risk rejection with every failed check and places nothing', async () => {
    const rejected: SignalAssessment = {
      instrument: 'EUR_USD', decision: 'rejected',
      reasons: ['max_notional: order notional 1200000 USD exceeds the limit of 100000 USD', 'max_concentration: EUR_USD would be 1200% of NAV'],
      trade: { units: 1_000_000, priceQuote: 1.2, stopLossDistance: 0.002, reducing: false },
    };
    const { value, placed } = await run({ signals: { EUR_USD: signal(1, 0.9) }, assessments: [rejected] }, request({ instruments: ['EUR_USD'] }));
    expect(value.outcome).toBe('risk_rejected');
    expect(value.instruments[0]!.status).toBe('rejected');
    expect(value.instruments[0]!.reasons).toEqual(rejected.reasons);
    expect(placed).toHaveLength(0);
  });

  it('places nothing on a closed market and says so, whether the quote said it or the venue cancelled the order', async () => {
    const closed: SignalAssessment = { instrument: 'EUR_USD', decision: 'market_closed', reasons: ['market closed for EUR_USD: the venue quotes it not tradeable (reopens at 2026-12-06T22:00:00.000Z); nothing placed'] };
    const quoted = await run({ signals: { EUR_USD: signal(1, 0.9) }, assessments: [closed] }, request({ instruments: ['EUR_USD'] }));
    expect(quoted.value.outcome).toBe('market_closed');
    expect(quoted.value.instruments[0]).toMatchObject({ status: 'market_closed', reasons: closed.reasons });
    expect(quoted.placed).toHaveLength(0);

    const cancelled = await run({
      signals: { EUR_USD: signal(1, 0.9) }, assessments: [approvedEurUsd],
      placeOrder: async () => {
        throw ApplicationFailure.create({ type: 'MARKET_HALTED', nonRetryable: true, message: 'placeOrder EUR_USD failed: MARKET_HALTED' });
      },
    }, request({ instruments: ['EUR_USD'] }));
    expect(cancelled.value.outcome).toBe('market_closed');
    expect(cancelled.value.instruments[0]).toMatchObject({ status: 'market_closed', reasons: ['MARKET_HALTED: placeOrder EUR_USD failed: MARKET_HALTED'] });
  });

  it('executes an approved signal with a client order id made from the workflow id and instrument, and tags the run', async () => {
    const { value, placed, workflowId, searchAttributes } = await run({ signals: { EUR_USD: signal(1, 0.8) }, assessments: [approvedEurUsd] }, request({ instruments: ['EUR_USD'] }));
    expect(value.outcome).toBe('executed');
    expect(placed).toEqual([expect.objectContaining({
      clientOrderId: `atr-${workflowId}-EUR_USD`, instrument: 'EUR_USD', units: 25_000, reducing: false, stopLossDistance: 0.002, lastKnownTransactionId: '7', strategy: 'ma-crossover',
    })]);
    expect(value.instruments[0]).toMatchObject({ status: 'executed', order: { brokerOrderId: '8', filledUnits: 25_000 } });
    expect(searchAttributes).toMatchObject({ TradeOutcome: ['executed'], TradeStrategy: ['ma-crossover'], TradeInstruments: ['EUR_USD'] });
  });

  it('validates but places nothing when execute is false', async () => {
    const { value, placed } = await run({ signals: { EUR_USD: signal(1, 0.8) }, assessments: [approvedEurUsd] }, request({ instruments: ['EUR_USD'], execute: false }));
    expect(value.outcome).toBe('not_executed');
    expect(value.instruments[0]!.reasons).toEqual(['execute is false: analysed and validated only']);
    expect(placed).toHaveLength(0);
  });

  it('stops before execution when cancelled, and says by whom', async () => {
    let openGate!: () => void;
    const snapshotGate = new Promise<void>((resolve) => (openGate = resolve));
    const { value, placed } = await run({ signals: { EUR_USD: signal(1, 0.8) }, assessments: [approvedEurUsd], snapshotGate }, request({ instruments: ['EUR_USD'] }), async (workflowId) => {
      const handle = context.env.client.workflow.getHandle(workflowId);
      for (let stage = ''; stage !== 'validating';) stage = (await handle.query(statusQuery<AnalysisToTradeStatus>())).stage;
      await handle.signal(cancelSignal, { by: 'trader-1', reason: 'news in 5 minutes' });
      openGate();
    });
    expect(value.outcome).toBe('cancelled');
    expect(value.cancelledBy).toBe('trader-1: news in 5 minutes');
    expect(value.instruments[0]).toMatchObject({ status: 'not_executed', reasons: ['cancelled before execution by trader-1: news in 5 minutes'] });
    expect(placed).toHaveLength(0);
  });

  it('reports halted, placing nothing, when trading is halted at validation', async () => {
    const refused: SignalAssessment = { instrument: 'EUR_USD', decision: 'rejected', reasons: ['trading_state: trading is HALTED: no orders accepted'] };
    const { value, placed } = await run({ signals: { EUR_USD: signal(1, 0.8) }, assessments: [refused], tradingState: 'HALTED' }, request({ instruments: ['EUR_USD'] }));
    expect(value.outcome).toBe('halted');
    expect(value.instruments[0]!.reasons).toEqual(refused.reasons);
    expect(placed).toHaveLength(0);
  });

  it('reports halted when the broker activity refuses because trading was halted meanwhile', async () => {
    const { value, placed } = await run({
      signals: { EUR_USD: signal(1, 0.8) },
      assessments: [approvedEurUsd],
      placeOrder: async () => {
        throw ApplicationFailure.create({ type: 'TRADING_HALTED', nonRetryable: true, message: 'trading is HALTED for system (emergency stop)' });
      },
    }, request({ instruments: ['EUR_USD'] }));
    expect(value.outcome).toBe('halted');
    expect(value.instruments[0]!.reasons[0]).toMatch(/^TRADING_HALTED: trading is HALTED/);
    expect(placed).toHaveLength(1);
  });

  it('does not retry an order the broker rejected, and records the rejection', async () => {
    const { value, placed } = await run({
      signals: { EUR_USD: signal(1, 0.8) },
      assessments: [approvedEurUsd],
      placeOrder: async () => {
        throw ApplicationFailure.create({ type: 'INSUFFICIENT_MARGIN', nonRetryable: true, message: 'placeOrder EUR_USD failed: INSUFFICIENT_MARGIN' });
      },
    }, request({ instruments: ['EUR_USD'] }));
    expect(value.outcome).toBe('order_failed');
    expect(value.instruments[0]).toMatchObject({ status: 'order_failed', reasons: ['INSUFFICIENT_MARGIN: placeOrder EUR_USD failed: INSUFFICIENT_MARGIN'] });
    expect(placed).toHaveLength(1);
  });

  it('retries a placement that failed with a retryable broker error, with the same client order id', async () => {
    let attempts = 0;
    const { value, placed } = await run({
      signals: { EUR_USD: signal(1, 0.8) },
      assessments: [approvedEurUsd],
      placeOrder: async (input) => {
        attempts++;
        if (attempts === 1) throw ApplicationFailure.create({ type: 'NETWORK', nonRetryable: false, message: 'socket hang up' });
        return { clientOrderId: input.clientOrderId, brokerOrderId: '8', units: input.units, filledUnits: input.units, existing: true };
      },
    }, request({ instruments: ['EUR_USD'] }));
    expect(value.outcome).toBe('executed');
    expect(placed).toHaveLength(2);
    expect(placed[1]!.clientOrderId).toBe(placed[0]!.clientOrderId);
    expect(value.instruments[0]!.order!.existing).toBe(true);
  });
});
