/**
 * A log-linear latency histogram after HdrHistogram: values below 2^subBucketBits are counted exactly; above, each
 * power-of-two range is split into 2^(subBucketBits − 1) equal buckets, so every value is kept to within
 * 1 / 2^(subBucketBits − 1) of itself (0.8% at the default 8 bits) across the whole range. Fixed memory, O(1)
 * `record` without allocation, so it can sit inside the loop it measures. Values are non-negative integers (here
 * nanoseconds); a value above `highestTrackableValue` is counted at that value and reported as saturated.
 */
export interface HistogramSummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  p9999: number;
  max: number;
  saturated: number;
}

export class LogLinearHistogram {
  private readonly counts: Float64Array;
  private readonly subBucketCount: number;
  private readonly halfCount: number;
  private total = 0;
  private sum = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = 0;
  private saturatedCount = 0;

  constructor(readonly highestTrackableValue: number, readonly subBucketBits = 8) {
    if (!Number.isInteger(subBucketBits) || subBucketBits < 2 || subBucketBits > 16) throw new RangeError(`subBucketBits must be an integer in [2, 16], got ${subBucketBits}`);
    this.subBucketCount = 2 ** subBucketBits;
    this.halfCount = this.subBucketCount / 2;
    if (!(highestTrackableValue >= this.subBucketCount) || highestTrackableValue > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`highestTrackableValue must be at least ${this.subBucketCount} and a safe integer, got ${highestTrackableValue}`);
    }
    this.counts = new Float64Array(this.indexOf(Math.floor(highestTrackableValue)) + 1);
  }

  get count(): number {
    return this.total;
  }

  record(value: number): void {
    if (!(value >= 0)) throw new RangeError(`histogram values must be non-negative numbers, got ${value}`);
    let whole = Math.floor(value);
    if (whole > this.highestTrackableValue) {
      whole = Math.floor(this.highestTrackableValue);
      this.saturatedCount++;
    }
    this.counts[this.indexOf(whole)]!++;
    this.total++;
    this.sum += whole;
    if (whole < this.minValue) this.minValue = whole;
    if (whole > this.maxValue) this.maxValue = whole;
  }

  /** The largest value that counts as equal to the value at this percentile (0..100), as HdrHistogram reports it. */
  valueAtPercentile(percentile: number): number {
    if (!(percentile >= 0 && percentile <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${percentile}`);
    if (this.total === 0) return Number.NaN;
    const target = Math.max(1, Math.ceil((percentile / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index]!;
      if (seen >= target) return Math.min(this.highestEquivalentValue(index), this.maxValue);
    }
    return this.maxValue;
  }

  summary(): HistogramSummary {
    return {
      count: this.total,
      min: this.total === 0 ? Number.NaN : this.minValue,
      mean: this.total === 0 ? Number.NaN : this.sum / this.total,
      p50: this.valueAtPercentile(50),
      p90: this.valueAtPercentile(90),
      p99: this.valueAtPercentile(99),
      p999: this.valueAtPercentile(99.9),
      p9999: this.valueAtPercentile(99.99),
      max: this.total === 0 ? Number.NaN : this.maxValue,
      saturated: this.saturatedCount,
    };
  }

  private indexOf(value: number): number {
    if (value < this.subBucketCount) return value;
    let msb = Math.floor(Math.log2(value));
    // log2 of a large integer can round across a power of two; settle it exactly.
    if (2 ** msb > value) msb--;
    else if (2 ** (msb + 1) <= value) msb++;
    const shift = msb - (this.subBucketBits - 1);
    return this.subBucketCount + (shift - 1) * this.halfCount + (Math.floor(value / 2 ** shift) - this.halfCount);
  }

  private highestEquivalentValue(index: number): number {
    if (index < this.subBucketCount) return index;
    const offset = index - this.subBucketCount;
    const shift = Math.floor(offset / this.halfCount) + 1;
    const lowest = ((offset % this.halfCount) + this.halfCount) * 2 ** shift;
    return lowest + 2 ** shift - 1;
  }
}
