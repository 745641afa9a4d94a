import { assertPeriod, nanArray } from './period';

/** True range: the bar's range widened to include a gap from the previous close; the first bar has no previous close. */
export function trueRange(high: number, low: number, previousClose: number): number {
  if (Number.isNaN(previousClose)) return high - low;
  return Math.max(high - low, Math.abs(high - previousClose), Math.abs(low - previousClose));
}

/**
 * Average true range with Wilder's smoothing: the mean of the first `period` true ranges (the first bar's TR is its
 * range), then atr = (atr * (period - 1) + tr) / period.
 */
export class StreamingAtr {
  value = Number.NaN;
  private previousClose = Number.NaN;
  private bars = 0;
  private seedSum = 0;

  constructor(readonly period: number) {
    assertPeriod('ATR period', period);
  }

  get ready(): boolean {
    return this.bars >= this.period;
  }

  update(high: number, low: number, close: number): number {
    const range = trueRange(high, low, this.previousClose);
    this.previousClose = close;
    this.bars++;
    if (this.bars < this.period) {
      this.seedSum += range;
    } else if (this.bars === this.period) {
      this.value = (this.seedSum + range) / this.period;
    } else {
      this.value = (this.value * (this.period - 1) + range) / this.period;
    }
    return this.value;
  }
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  assertPeriod('ATR period', period);
  const out = nanArray(close.length);
  let value = 0;
  for (let i = 0; i < close.length; i++) {
    const range = trueRange(high[i]!, low[i]!, i === 0 ? Number.NaN : close[i - 1]!);
    if (i < period) {
      value += range / period;
      if (i === period - 1) out[i] = value;
    } else {
      value = (value * (period - 1) + range) / period;
      out[i] = value;
    }
  }
  return out;
}
