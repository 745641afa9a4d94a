import type { CandleSeries } from '../backtest/candle-series';
import type { BarRange } from './walk-forward';

/** Bars [start, end) of a series as views on the same memory: a fold costs no copy. */
export function sliceCandleSeries(series: CandleSeries, range: BarRange): CandleSeries {
  const { start, end } = range;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= series.length)) {
    throw new RangeError(`bar range [${start}, ${end}) is not inside a series of ${series.length} bars`);
  }
  const view = (column: Float64Array): Float64Array => column.subarray(start, end);
  const { mid } = series;
  return {
    length: end - start,
    timeMs: view(series.timeMs),
    bidOpen: view(series.bidOpen), bidHigh: view(series.bidHigh), bidLow: view(series.bidLow), bidClose: view(series.bidClose),
    askOpen: view(series.askOpen), askHigh: view(series.askHigh), askLow: view(series.askLow), askClose: view(series.askClose),
    mid: { length: end - start, timeMs: view(mid.timeMs), open: view(mid.open), high: view(mid.high), low: view(mid.low), close: view(mid.close) },
  };
}
