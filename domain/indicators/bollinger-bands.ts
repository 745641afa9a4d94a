import { mean, sampleVariance } from '../math/statistics';
import { assertPeriod, nanArray } from './period';
import { RollingWindow } from './rolling-window';

/** Middle = SMA(period); upper/lower = middle ± widthStdDevs × population standard deviation of the window. */
export class StreamingBollingerBands {
  middle = Number.NaN;
  upper = Number.NaN;
  lower = Number.NaN;
  private readonly window: RollingWindow;

  constructor(readonly period: number, readonly widthStdDevs: number) {
    assertPeriod('Bollinger period', period);
    this.window = new RollingWindow(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  /** Returns the middle band; upper and lower are fields. */
  update(x: number): number {
    this.window.push(x);
    if (!this.window.full) return this.middle;
    const halfWidth = this.widthStdDevs * Math.sqrt(this.window.populationVariance);
    this.middle = this.window.mean;
    this.upper = this.middle + halfWidth;
    this.lower = this.middle - halfWidth;
    return this.middle;
  }
}

export interface BollingerSeries {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
}

/** Mean and population standard deviation of a window (statistics.ts gives the sample variance; rescale by (n-1)/n). */
export function windowMeanAndPopulationStdDev(window: Float64Array): { mean: number; stdDev: number } {
  const n = window.length;
  return { mean: mean(window), stdDev: n < 2 ? 0 : Math.sqrt((sampleVariance(window) * (n - 1)) / n) };
}

export function bollingerBands(values: Float64Array, period: number, widthStdDevs: number): BollingerSeries {
  assertPeriod('Bollinger period', period);
  const middle = nanArray(values.length);
  const upper = nanArray(values.length);
  const lower = nanArray(values.length);
  for (let i = period - 1; i < values.length; i++) {
    const { mean: center, stdDev } = windowMeanAndPopulationStdDev(values.subarray(i - period + 1, i + 1));
    middle[i] = center;
    upper[i] = center + widthStdDevs * stdDev;
    lower[i] = center - widthStdDevs * stdDev;
  }
  return { middle, upper, lower };
}
