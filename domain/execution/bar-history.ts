/**
 * The last `capacity` mid bars an instrument's strategy has seen, kept so that a parameter switch can warm the new
 * strategy up at once by replaying them, instead of trading on cold indicators or waiting hours for new bars.
 */
import type { Bar, Signal, StreamingStrategy } from '../strategies/types';

export class BarHistory {
  private readonly timeMs: Float64Array;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private nextSlot = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`bar history capacity must be a positive integer, got ${capacity}`);
    this.timeMs = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(bar: Readonly<Bar>): void {
    const slot = this.nextSlot;
    this.timeMs[slot] = bar.timeMs;
    this.open[slot] = bar.open;
    this.high[slot] = bar.high;
    this.low[slot] = bar.low;
    this.close[slot] = bar.close;
    this.nextSlot = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** Feeds the retained bars, oldest first, to `strategy` through the reused `scratch` bar; returns its last signal. */
  replayInto(strategy: StreamingStrategy, scratch: Bar): Readonly<Signal> | undefined {
    const first = (this.nextSlot - this.count + this.capacity) % this.capacity;
    let signal: Readonly<Signal> | undefined;
    for (let i = 0; i < this.count; i++) {
      const slot = (first + i) % this.capacity;
      scratch.timeMs = this.timeMs[slot]!;
      scratch.open = this.open[slot]!;
      scratch.high = this.high[slot]!;
      scratch.low = this.low[slot]!;
      scratch.close = this.close[slot]!;
      signal = strategy.update(scratch);
    }
    return signal;
  }
}
