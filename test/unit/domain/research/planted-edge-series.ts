import { candleSeriesFromColumns, type CandleSeries } from '../../../../domain/backtest/candle-series';
import { granularityMs } from '../../../../domain/market';
import { seededRandom } from '../../../../domain/random';

export const PLANTED = { fastPeriod: 3, slowPeriod: 12 };

export interface PlantedEdgeOptions {
  bars: number;
  seed: number;
  /** Drift per bar in the direction of the planted crossover, in units of the bar volatility. 0: a pure random walk. */
  edge: number;
  /** The edge stops here (the rest is a random walk). Default: it never stops. */
  edgeUntilBar?: number;
  volatilityPerBar?: number;
  startMidPrice?: number;
}

const average = (closes: readonly number[], period: number): number => {
  let total = 0;
  for (let i = closes.length - period; i < closes.length; i++) total += closes[i]!;
  return total / period;
};

/**
 * H1 bars whose next return drifts in the direction of SMA(3) - SMA(12) of the closes so far: an SMA crossover
 * with exactly those periods earns the drift, other periods only as much as their signal agrees with it.
 */
export function plantedEdgeSeries(options: PlantedEdgeOptions): CandleSeries {
  const { bars, seed, edge, edgeUntilBar = bars, volatilityPerBar = 0.001, startMidPrice = 1.1 } = options;
  const random = seededRandom(seed);
  const closes: number[] = [];
  const column = (): Float64Array => new Float64Array(bars);
  const columns = {
    timeMs: column(), bidOpen: column(), bidHigh: column(), bidLow: column(), bidClose: column(),
    askOpen: column(), askHigh: column(), askLow: column(), askClose: column(),
  };
  const halfSpread = 0.00005;
  let close = startMidPrice;
  for (let i = 0; i < bars; i++) {
    const planted = i < edgeUntilBar && closes.length >= PLANTED.slowPeriod ? Math.sign(average(closes, PLANTED.fastPeriod) - average(closes, PLANTED.slowPeriod)) : 0;
    const open = close;
    close = open * Math.exp(volatilityPerBar * (edge * planted + random.normal()));
    closes.push(close);
    const high = Math.max(open, close) * (1 + 0.3 * volatilityPerBar * Math.abs(random.normal()));
    const low = Math.min(open, close) * (1 - 0.3 * volatilityPerBar * Math.abs(random.normal()));
    columns.timeMs[i] = i * granularityMs('H1');
    columns.bidOpen[i] = open - halfSpread; columns.bidHigh[i] = high - halfSpread; columns.bidLow[i] = low - halfSpread; columns.bidClose[i] = close - halfSpread;
    columns.askOpen[i] = open + halfSpread; columns.askHigh[i] = high + halfSpread; columns.askLow[i] = low + halfSpread; columns.askClose[i] = close + halfSpread;
  }
  return candleSeriesFromColumns(columns);
}
