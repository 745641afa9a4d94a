import { sampleStdDev } from '../math/statistics';
import { assertPeriod, nanArray } from './period';
import { RollingWindow } from './rolling-window';

/**
 * Sample standard deviation of the last `period` log returns (needs period + 1 closes), per bar; multiply by
 * sqrt(periodsPerYear) to annualize (`annualizedRealizedVolatility`, or the streaming constructor's second argument).
 */
export class StreamingRealizedVolatility {
  value = Number.NaN;
  private readonly window: RollingWindow;
  private previous = Number.NaN;

  constructor(readonly period: number, readonly periodsPerYear = 1) {
    assertPeriod('realized volatility period', period);
    if (period < 2) throw new RangeError(`realized volatility needs at least 2 returns, got period ${period}`);
    this.window = new RollingWindow(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  /** Returns the volatility scaled by sqrt(periodsPerYear) (per bar when periodsPerYear is 1). */
  update(close: number): number {
    const previous = this.previous;
    this.previous = close;
    if (Number.isNaN(previous)) return this.value;
    this.window.push(Math.log(close / previous));
    if (this.window.full) this.value = Math.sqrt(this.window.sampleVariance * this.periodsPerYear);
    return this.value;
  }
}

export function realizedVolatility(closes: Float64Array, period: number): Float64Array {
  assertPeriod('realized volatility period', period);
  if (period < 2) throw new RangeError(`realized volatility needs at least 2 returns, got period ${period}`);
  const out = nanArray(closes.length);
  const logReturns = new Float64Array(Math.max(closes.length - 1, 0));
  for (let i = 1; i < closes.length; i++) logReturns[i - 1] = Math.log(closes[i]! / closes[i - 1]!);
  for (let i = period; i < closes.length; i++) out[i] = sampleStdDev(logReturns.subarray(i - period, i));
  return out;
}

export function annualizedRealizedVolatility(closes: Float64Array, period: number, periodsPerYear: number): Float64Array {
  const out = realizedVolatility(closes, period);
  const scale = Math.sqrt(periodsPerYear);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
  return out;
}
