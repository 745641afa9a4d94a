import { mean } from '../math/statistics';
import { assertPeriod, nanArray } from './period';
import { RollingWindow } from './rolling-window';

/** Simple moving average of the last `period` values; NaN until `period` values have arrived. */
export class StreamingSma {
  value = Number.NaN;
  private readonly window: RollingWindow;

  constructor(readonly period: number) {
    assertPeriod('SMA period', period);
    this.window = new RollingWindow(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  update(x: number): number {
    this.window.push(x);
    this.value = this.window.full ? this.window.mean : Number.NaN;
    return this.value;
  }
}

export function sma(values: Float64Array, period: number): Float64Array {
  assertPeriod('SMA period', period);
  const out = nanArray(values.length);
  for (let i = period - 1; i < values.length; i++) out[i] = mean(values.subarray(i - period + 1, i + 1));
  return out;
}
