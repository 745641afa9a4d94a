import { assertPeriod } from './period';

/**
 * Maximum (or minimum) of the last `capacity` values with a monotonic deque held in fixed ring buffers: amortized
 * O(1) per push (each value enters and leaves the deque once), no allocation after construction.
 */
export class RollingExtreme {
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private head = 0;
  private length = 0;
  private pushed = 0;

  constructor(readonly capacity: number, readonly kind: 'max' | 'min') {
    assertPeriod('window capacity', capacity);
    this.values = new Float64Array(capacity);
    this.positions = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.pushed >= this.capacity;
  }

  get value(): number {
    return this.length === 0 ? Number.NaN : this.values[this.head]!;
  }

  push(value: number): void {
    const position = this.pushed++;
    if (this.length > 0 && this.positions[this.head]! <= position - this.capacity) this.popFront();
    const isMax = this.kind === 'max';
    while (this.length > 0) {
      const back = this.values[this.slot(this.length - 1)]!;
      if (isMax ? back > value : back < value) break;
      this.length--;
    }
    const slot = this.slot(this.length);
    this.values[slot] = value;
    this.positions[slot] = position;
    this.length++;
  }

  private popFront(): void {
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.length--;
  }

  private slot(offset: number): number {
    const slot = this.head + offset;
    return slot >= this.capacity ? slot - this.capacity : slot;
  }
}
