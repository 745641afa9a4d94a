import { candleSeriesFromColumns, type BidAskColumns, type CandleSeries } from '../../domain/backtest/candle-series';
import { granularityMs, type Candle, type InstrumentName } from '../../domain/market';
import type { Database } from '../../infra/db/client';
import { upsertCandles } from '../../infra/db/queries/candles';
import { createLiveRecordActivities } from '../../activities/research/live-record-activities';
import { createResearchActivities } from '../../activities/research/research-activities';
import { createStrategyVersionActivities } from '../../activities/research/strategy-version-activities';
import type { DatabaseHandle } from '../../infra/db/client';

export const HOUR_MS = granularityMs('H1');

/** Writes a synthetic series into the candles cache as complete H1 candles, bar i at startMs + i hours. */
export async function seedCandles(db: Database, instrument: InstrumentName, series: CandleSeries, startMs: number): Promise<void> {
  const candles: Candle[] = Array.from({ length: series.length }, (_, i) => ({
    timeMs: startMs + i * HOUR_MS,
    volume: 100,
    complete: true,
    bid: { o: series.bidOpen[i]!, h: series.bidHigh[i]!, l: series.bidLow[i]!, c: series.bidClose[i]! },
    ask: { o: series.askOpen[i]!, h: series.askHigh[i]!, l: series.askLow[i]!, c: series.askClose[i]! },
  }));
  for (let i = 0; i < candles.length; i += 2000) await upsertCandles(db, instrument, 'H1', candles.slice(i, i + 2000));
}

/** The real research, strategy-version and live-record activities over a test database (what the worker registers). */
export function researchTestActivities(database: DatabaseHandle) {
  return { ...createResearchActivities({ database }), ...createStrategyVersionActivities({ database }), ...createLiveRecordActivities({ database }) };
}

/** `first` followed by `second`, the second's prices scaled to continue from the first's last close. */
export function concatenateSeries(first: CandleSeries, second: CandleSeries): CandleSeries {
  const scale = first.askClose[first.length - 1]! / second.askOpen[0]!;
  const columns = Object.fromEntries((['bidOpen', 'bidHigh', 'bidLow', 'bidClose', 'askOpen', 'askHigh', 'askLow', 'askClose'] as const)
    .map((column) => [column, Float64Array.from([...first[column], ...Array.from(second[column], (price) => price * scale)])]));
  const timeMs = Float64Array.from({ length: first.length + second.length }, (_, i) => i * HOUR_MS);
  return candleSeriesFromColumns({ timeMs, ...columns } as BidAskColumns);
}
