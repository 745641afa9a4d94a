import { assertPeriod, nanArray } from './period';

/** 100 - 100 / (1 + gain / loss); a window with neither gains nor losses is neutral (50). */
function rsiFromAverages(averageGain: number, averageLoss: number): number {
  if (averageLoss === 0) return averageGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + averageGain / averageLoss);
}

/**
 * Relative strength index with Wilder's smoothing: the first averages are simple means of the first `period`
 * changes (so the first value needs period + 1 closes), then avg = (avg * (period - 1) + change) / period.
 */
export class StreamingRsi {
  value = Number.NaN;
  private previous = Number.NaN;
  private changes = 0;
  private averageGain = 0;
  private averageLoss = 0;

  constructor(readonly period: number) {
    assertPeriod('RSI period', period);
  }

  get ready(): boolean {
    return this.changes >= this.period;
  }

  update(close: number): number {
    const previous = this.previous;
    this.previous = close;
    if (Number.isNaN(previous)) return this.value;
    const change = close - previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    this.changes++;
    if (this.changes <= this.period) {
      this.averageGain += gain / this.period;
      this.averageLoss += loss / this.period;
      if (this.changes < this.period) return this.value;
    } else {
      this.averageGain = (this.averageGain * (this.period - 1) + gain) / this.period;
      this.averageLoss = (this.averageLoss * (this.period - 1) + loss) / this.period;
    }
    this.value = rsiFromAverages(this.averageGain, this.averageLoss);
    return this.value;
  }
}

export function rsi(closes: Float64Array, period: number): Float64Array {
  assertPeriod('RSI period', period);
  const out = nanArray(closes.length);
  if (closes.length <= period) return out;
  let gains = 0;
  let losses = 0;
  for (let i = 1; i <= period; i++) {
    const change = closes[i]! - closes[i - 1]!;
    if (change > 0) gains += change;
    else losses -= change;
  }
  let averageGain = gains / period;
  let averageLoss = losses / period;
  out[period] = rsiFromAverages(averageGain, averageLoss);
  for (let i = period + 1; i < closes.length; i++) {
    const change = closes[i]! - closes[i - 1]!;
    averageGain = (averageGain * (period - 1) + Math.max(change, 0)) / period;
    averageLoss = (averageLoss * (period - 1) + Math.max(-change, 0)) / period;
    out[i] = rsiFromAverages(averageGain, averageLoss);
  }
  return out;
}
