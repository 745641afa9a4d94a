import { candleSeriesFromCandles, type CandleSeries } from '../../domain/backtest/candle-series';
import { alignCandleSeries } from '../../domain/research/align-series';
import type { InstrumentName } from '../../domain/market';
import type { Database } from '../../infra/db/client';
import { completeCandlesBetween } from '../../infra/db/queries/research';
import type { Dataset } from '../../workflows/definitions/research';

export type AlignedDataset = Record<InstrumentName, CandleSeries>;

/**
 * Aligned candle series read from the candles table, kept in memory for the few datasets in use: a 200-trial
 * search reads its year of candles once, not once per trial, and no candle ever passes through workflow history.
 */
export function createDatasetCache(db: Database, capacity = 4) {
  const entries = new Map<string, Promise<AlignedDataset>>();

  async function read(dataset: Dataset): Promise<AlignedDataset> {
    const series = await Promise.all(dataset.instruments.map(async (instrument) => {
      const candles = await completeCandlesBetween(db, instrument, dataset.granularity, dataset.fromMs, dataset.toMs);
      return [instrument, candleSeriesFromCandles(candles)] as const;
    }));
    return alignCandleSeries(Object.fromEntries(series));
  }

  return {
    get(dataset: Dataset): Promise<AlignedDataset> {
      const key = JSON.stringify([[...dataset.instruments].sort(), dataset.granularity, dataset.fromMs, dataset.toMs]);
      let entry = entries.get(key);
      if (!entry) {
        entry = read(dataset);
        entries.set(key, entry);
        // A failed read is not cached: the retry reads again.
        entry.catch(() => entries.delete(key));
        if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      } else {
        // Most recently used last, so the oldest entry is the one evicted.
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
  };
}
