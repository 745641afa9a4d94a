import type { Random } from '../random';
import { candleSeriesFromColumns, type CandleSeries } from './candle-series';

export interface SyntheticSeriesOptions {
  bars: number;
  random: Random;
  startMidPrice?: number;
  /** Standard deviation of one bar's log return. */
  volatilityPerBar?: number;
  spreadPrice?: number;
  barMs?: number;
  startTimeMs?: number;
}

/** A geometric random walk with wicks and a constant spread, for tests and benchmarks (reproducible from the Random). */
export function syntheticCandleSeries(options: SyntheticSeriesOptions): CandleSeries {
  const { bars, random, startMidPrice = 1.1, volatilityPerBar = 0.0005, spreadPrice = 0.0001, barMs = 60_000, startTimeMs = 0 } = options;
  const column = (): Float64Array => new Float64Array(bars);
  const columns = {
    timeMs: column(), bidOpen: column(), bidHigh: column(), bidLow: column(), bidClose: column(),
    askOpen: column(), askHigh: column(), askLow: column(), askClose: column(),
  };
  const halfSpread = spreadPrice / 2;
  let close = startMidPrice;
  for (let i = 0; i < bars; i++) {
    const open = close;
    close = open * Math.exp(volatilityPerBar * random.normal());
    const high = Math.max(open, close) * Math.exp(0.5 * volatilityPerBar * Math.abs(random.normal()));
    const low = Math.min(open, close) * Math.exp(-0.5 * volatilityPerBar * Math.abs(random.normal()));
    columns.timeMs[i] = startTimeMs + i * barMs;
    columns.bidOpen[i] = open - halfSpread; columns.bidHigh[i] = high - halfSpread; columns.bidLow[i] = low - halfSpread; columns.bidClose[i] = close - halfSpread;
    columns.askOpen[i] = open + halfSpread; columns.askHigh[i] = high + halfSpread; columns.askLow[i] = low + halfSpread; columns.askClose[i] = close + halfSpread;
  }
  return candleSeriesFromColumns(columns);
}
