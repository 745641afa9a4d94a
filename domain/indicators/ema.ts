import { assertPeriod, nanArray } from './period';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the simple average of the first `period`
 * values (so the first value appears at index period - 1, as in most charting packages).
 */
export class StreamingEma {
  value = Number.NaN;
  private readonly alpha: number;
  private seen = 0;
  private seedSum = 0;

  constructor(readonly period: number) {
    assertPeriod('EMA period', period);
    this.alpha = 2 / (period + 1);
  }

  get ready(): boolean {
    return this.seen >= this.period;
  }

  update(x: number): number {
    this.seen++;
    if (this.seen < this.period) {
      this.seedSum += x;
    } else if (this.seen === this.period) {
      this.value = (this.seedSum + x) / this.period;
    } else {
      this.value += this.alpha * (x - this.value);
    }
    return this.value;
  }
}

export function ema(values: Float64Array, period: number): Float64Array {
  assertPeriod('EMA period', period);
  const out = nanArray(values.length);
  if (values.length < period) return out;
  const alpha = 2 / (period + 1);
  let seed = 0;
  for (let i = 0; i < period; i++) seed += values[i]!;
  let value = seed / period;
  out[period - 1] = value;
  for (let i = period; i < values.length; i++) {
    value = alpha * values[i]! + (1 - alpha) * value;
    out[i] = value;
  }
  return out;
}
