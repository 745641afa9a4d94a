import { windowMeanAndPopulationStdDev } from './bollinger-bands';
import { assertPeriod, nanArray } from './period';
import { RollingWindow } from './rolling-window';

/**
 * A window whose spread is below a billionth of its level is flat: what is left is rounding from removing old values
 * out of running sums, and dividing by it would turn noise into a signal.
 */
function zScore(x: number, mean: number, stdDev: number): number {
  return stdDev <= 1e-9 * Math.abs(mean) ? 0 : (x - mean) / stdDev;
}

/** (x - mean) / population std dev over the last `period` values including x, so z = ±k exactly on a Bollinger band; 0 on a flat window. */
export class StreamingZScore {
  value = Number.NaN;
  private readonly window: RollingWindow;

  constructor(readonly period: number) {
    assertPeriod('z-score period', period);
    this.window = new RollingWindow(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  update(x: number): number {
    this.window.push(x);
    if (!this.window.full) return this.value;
    this.value = zScore(x, this.window.mean, Math.sqrt(this.window.populationVariance));
    return this.value;
  }
}

export function rollingZScore(values: Float64Array, period: number): Float64Array {
  assertPeriod('z-score period', period);
  const out = nanArray(values.length);
  for (let i = period - 1; i < values.length; i++) {
    const { mean, stdDev } = windowMeanAndPopulationStdDev(values.subarray(i - period + 1, i + 1));
    out[i] = zScore(values[i]!, mean, stdDev);
  }
  return out;
}
