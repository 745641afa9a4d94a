import type { Broker } from '../../domain/broker';
import { granularityMs, INSTRUMENTS, type Candle, type Granularity, type InstrumentName } from '../../domain/market';
import { candleQualityProblems, DEFAULT_CANDLE_QUALITY_RULES } from '../../domain/trading/candle-quality';
import type { DatabaseHandle } from '../../infra/db/client';
import { recentCompleteCandles, upsertCandles } from '../../infra/db/queries/candles';
import type { ResolvedStrategy, SignalSummary } from '../../workflows/definitions/analysis-to-trade';
import { callBroker } from '../broker/broker-failure';
import { summarizeSignal } from '../trading/signal-summary';

export interface MarketDataDeps {
  database: DatabaseHandle;
  broker: Broker;
  clock: () => number;
}

export interface FetchMarketDataInput {
  instrument: InstrumentName;
  granularity: Granularity;
  /** Complete candles wanted, oldest first. */
  lookback: number;
}

export interface MarketData {
  instrument: InstrumentName;
  /** Complete candles with bid and ask prices, oldest first. */
  candles: Candle[];
  /** Why these candles must not be traded on; empty when they are fine. */
  problems: string[];
  source: 'cache' | 'broker';
}

/** One instrument's market read and analysed in one step: what analysisToTrade keeps, without the candles. */
export interface MarketAnalysis extends Pick<MarketData, 'instrument' | 'problems' | 'source'> {
  /** Absent when the candles have problems: nothing is traded on them. */
  signal?: SignalSummary;
}

export type MarketDataActivities = ReturnType<typeof createMarketDataActivities>;

export function createMarketDataActivities(deps: MarketDataDeps) {
  /** The cache answers when it already holds the newest complete candle; otherwise the broker does, and fills it. */
  async function loadCandles({ instrument, granularity, lookback }: FetchMarketDataInput, nowMs: number): Promise<Pick<MarketData, 'candles' | 'source'>> {
    const periodMs = granularityMs(granularity);
    const newestCompleteStartMs = Math.floor(nowMs / periodMs) * periodMs - periodMs;
    const cached = await recentCompleteCandles(deps.database.db, instrument, granularity, newestCompleteStartMs - (lookback - 1) * periodMs, lookback);
    if (cached.length === lookback && cached.at(-1)!.timeMs >= newestCompleteStartMs) return { candles: cached, source: 'cache' };
    const fetched = await callBroker(() => deps.broker.candles({ instrument, granularity, count: lookback + 1, components: ['bid', 'ask'] }));
    await upsertCandles(deps.database.db, instrument, granularity, fetched);
    return { candles: fetched.filter((candle) => candle.complete).slice(-lookback), source: 'broker' };
  }

  /** Candles for one instrument and every data-quality problem with them; an unknown instrument is a problem too. */
  async function fetchMarketData(input: FetchMarketDataInput): Promise<MarketData> {
    if (!INSTRUMENTS[input.instrument]) {
      return { instrument: input.instrument, candles: [], problems: [`unknown instrument ${input.instrument}`], source: 'broker' };
    }
    const nowMs = deps.clock();
    const { candles, source } = await loadCandles(input, nowMs);
    const problems = candleQualityProblems(input.instrument, candles, input.granularity, nowMs, { minimumCandles: input.lookback, ...DEFAULT_CANDLE_QUALITY_RULES });
    return { instrument: input.instrument, candles, problems, source };
  }

  return {
    fetchMarketData,
    /**
     * The candles fetched (or read from the cache) and the strategy run over them in one activity: one round trip per
     * instrument, and the candles never enter the workflow's history.
     */
    async analyzeMarket(input: FetchMarketDataInput & { strategy: ResolvedStrategy }): Promise<MarketAnalysis> {
      const { instrument, candles, problems, source } = await fetchMarketData(input);
      return { instrument, problems, source, ...(problems.length === 0 ? { signal: summarizeSignal(candles, input.strategy) } : {}) };
    },
  };
}
