import type { BarColumns } from '../../../../domain/strategies/types';

/** Bars whose open is the previous close, with wicks of `wick` beyond the body: easy to check by hand. */
export function barsFromCloses(closes: number[], wick = 0.5): BarColumns {
  const open = closes.map((_, i) => closes[Math.max(i - 1, 0)]!);
  return {
    length: closes.length,
    timeMs: Float64Array.from(closes, (_, i) => i * 60_000),
    open: Float64Array.from(open),
    high: Float64Array.from(closes, (c, i) => Math.max(c, open[i]!) + wick),
    low: Float64Array.from(closes, (c, i) => Math.min(c, open[i]!) - wick),
    close: Float64Array.from(closes),
  };
}
