import { assertPeriod } from './period';

/**
 * The last `capacity` values in a ring buffer with their running mean and variance, O(1) per push and no
 * allocation after construction. Sums are kept around a shift (a recent value) and recomputed from the buffer
 * once per `capacity` pushes: the shift avoids the cancellation of raw sum-of-squares on prices far from zero,
 * and the periodic recompute stops rounding errors from accumulating over millions of bars (amortized O(1)).
 */
export class RollingWindow {
  private readonly buffer: Float64Array;
  private count = 0;
  private nextSlot = 0;
  private shift = 0;
  private shiftedSum = 0;
  private shiftedSumOfSquares = 0;
  private pushesSinceRebase = 0;

  constructor(readonly capacity: number) {
    assertPeriod('window capacity', capacity);
    this.buffer = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  push(value: number): void {
    if (this.count === this.capacity) {
      const dropped = this.buffer[this.nextSlot]! - this.shift;
      this.shiftedSum -= dropped;
      this.shiftedSumOfSquares -= dropped * dropped;
    } else {
      this.count++;
    }
    this.buffer[this.nextSlot] = value;
    this.nextSlot = this.nextSlot + 1 === this.capacity ? 0 : this.nextSlot + 1;
    if (this.count === 1 || ++this.pushesSinceRebase >= this.capacity) {
      this.rebase(value);
    } else {
      const shifted = value - this.shift;
      this.shiftedSum += shifted;
      this.shiftedSumOfSquares += shifted * shifted;
    }
  }

  get mean(): number {
    return this.shift + this.shiftedSum / this.count;
  }

  /** Variance with divisor n (Bollinger's convention). */
  get populationVariance(): number {
    const variance = (this.shiftedSumOfSquares - (this.shiftedSum * this.shiftedSum) / this.count) / this.count;
    return variance > 0 ? variance : 0;
  }

  /** Variance with divisor n - 1. */
  get sampleVariance(): number {
    return (this.populationVariance * this.count) / (this.count - 1);
  }

  private rebase(shift: number): void {
    this.shift = shift;
    this.pushesSinceRebase = 0;
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = 0; i < this.count; i++) {
      const shifted = this.buffer[i]! - shift;
      sum += shifted;
      sumOfSquares += shifted * shifted;
    }
    this.shiftedSum = sum;
    this.shiftedSumOfSquares = sumOfSquares;
  }
}
