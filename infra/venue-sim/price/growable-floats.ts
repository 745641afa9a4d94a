/** An append-only Float64Array that doubles its capacity: a year of bars costs bytes per value, not a JS array's. */
export class GrowableFloats {
  private data = new Float64Array(4096);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  get(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside 0..${this.size - 1}`);
    return this.data[index]!;
  }
}
