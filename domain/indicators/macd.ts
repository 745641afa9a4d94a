import { ema, StreamingEma } from './ema';
import { nanArray } from './period';

export interface MacdPeriods {
  fast: number;
  slow: number;
  signal: number;
}

function assertMacdPeriods({ fast, slow }: MacdPeriods): void {
  if (!(fast < slow)) throw new RangeError(`MACD fast period (${fast}) must be below the slow period (${slow})`);
}

/**
 * MACD line = EMA(fast) - EMA(slow), defined from index slow - 1; signal line = EMA(signal) of the MACD line,
 * seeded like any EMA, so it starts at index slow + signal - 2; histogram = MACD - signal.
 */
export class StreamingMacd {
  macd = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;
  private readonly fastEma: StreamingEma;
  private readonly slowEma: StreamingEma;
  private readonly signalEma: StreamingEma;

  constructor(readonly periods: MacdPeriods) {
    assertMacdPeriods(periods);
    this.fastEma = new StreamingEma(periods.fast);
    this.slowEma = new StreamingEma(periods.slow);
    this.signalEma = new StreamingEma(periods.signal);
  }

  get ready(): boolean {
    return this.signalEma.ready;
  }

  /** Returns the histogram (NaN until the signal line is defined); the three lines are fields. */
  update(close: number): number {
    const fast = this.fastEma.update(close);
    const slow = this.slowEma.update(close);
    if (!this.slowEma.ready) return this.histogram;
    this.macd = fast - slow;
    this.signal = this.signalEma.update(this.macd);
    this.histogram = this.macd - this.signal;
    return this.histogram;
  }
}

export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export function macd(closes: Float64Array, periods: MacdPeriods): MacdSeries {
  assertMacdPeriods(periods);
  const fast = ema(closes, periods.fast);
  const slow = ema(closes, periods.slow);
  const line = nanArray(closes.length);
  for (let i = 0; i < closes.length; i++) line[i] = fast[i]! - slow[i]!;
  const firstDefined = periods.slow - 1;
  const signal = nanArray(closes.length);
  if (closes.length > firstDefined) signal.set(ema(line.subarray(firstDefined), periods.signal), firstDefined);
  const histogram = nanArray(closes.length);
  for (let i = 0; i < closes.length; i++) histogram[i] = line[i]! - signal[i]!;
  return { macd: line, signal, histogram };
}
