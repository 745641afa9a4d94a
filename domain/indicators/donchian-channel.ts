import { assertPeriod, nanArray } from './period';
import { RollingExtreme } from './rolling-extreme';

/** Upper = highest high and lower = lowest low of the last `period` bars including the current one; middle between. */
export class StreamingDonchianChannel {
  upper = Number.NaN;
  lower = Number.NaN;
  middle = Number.NaN;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(readonly period: number) {
    assertPeriod('Donchian period', period);
    this.highest = new RollingExtreme(period, 'max');
    this.lowest = new RollingExtreme(period, 'min');
  }

  get ready(): boolean {
    return this.highest.full;
  }

  /** Returns the middle line; upper and lower are fields. */
  update(high: number, low: number): number {
    this.highest.push(high);
    this.lowest.push(low);
    if (!this.highest.full) return this.middle;
    this.upper = this.highest.value;
    this.lower = this.lowest.value;
    this.middle = (this.upper + this.lower) / 2;
    return this.middle;
  }
}

export interface DonchianSeries {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

export function donchianChannel(high: Float64Array, low: Float64Array, period: number): DonchianSeries {
  assertPeriod('Donchian period', period);
  const upper = nanArray(high.length);
  const lower = nanArray(high.length);
  const middle = nanArray(high.length);
  for (let i = period - 1; i < high.length; i++) {
    let highest = -Infinity;
    let lowest = Infinity;
    for (let j = i - period + 1; j <= i; j++) {
      highest = Math.max(highest, high[j]!);
      lowest = Math.min(lowest, low[j]!);
    }
    upper[i] = highest;
    lower[i] = lowest;
    middle[i] = (highest + lowest) / 2;
  }
  return { upper, lower, middle };
}
