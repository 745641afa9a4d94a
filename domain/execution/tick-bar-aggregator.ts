/**
 * Builds bid/ask OHLC bars from ticks, one aggregator per instrument. Buckets are aligned on epoch multiples of the
 * granularity (UTC; OANDA's daily candles align on 17:00 New York instead, so 'D' bars here are UTC days).
 *
 * A bar completes when the first tick of a later bucket arrives (`onTick` returns true and the bar is in
 * `completed`), or when the clock says its bucket is over (`flushIfDue`). Replays and the parity with the
 * backtester rely on the first rule only: the completing tick is the next bar's open, the price an order decided on
 * the completed bar fills at. The clock flush is for quiet markets, where waiting for the next tick would delay a
 * decision indefinitely. Both objects are reused: read `completed` before the next call.
 */
import { granularityMs, type Granularity } from '../market';

/** One completed bar: bid and ask OHLC, and the mid bar strategies see, computed as the backtester computes it. */
export interface BidAskBar {
  timeMs: number;
  tickCount: number;
  bidOpen: number;
  bidHigh: number;
  bidLow: number;
  bidClose: number;
  askOpen: number;
  askHigh: number;
  askLow: number;
  askClose: number;
}

export const emptyBidAskBar = (): BidAskBar => ({
  timeMs: 0, tickCount: 0, bidOpen: 0, bidHigh: 0, bidLow: 0, bidClose: 0, askOpen: 0, askHigh: 0, askLow: 0, askClose: 0,
});

export class TickBarAggregator {
  readonly barMs: number;
  /** The last completed bar; overwritten by the next completion. */
  readonly completed: BidAskBar = emptyBidAskBar();
  private readonly forming: BidAskBar = emptyBidAskBar();
  private formingBucketMs = Number.NaN;
  private lastCompletedBucketMs = Number.NEGATIVE_INFINITY;
  lateTicks = 0;

  constructor(readonly granularity: Granularity) {
    this.barMs = granularityMs(granularity);
  }

  /** Start time of the bar being formed, NaN before the first tick or right after a flush. */
  get formingBarTimeMs(): number {
    return this.formingBucketMs;
  }

  bucketOf(timeMs: number): number {
    return Math.floor(timeMs / this.barMs) * this.barMs;
  }

  /**
   * Adds the tick; true when it completed the previous bar. A tick stamped in a bucket that has already completed
   * (out of order, or behind a clock flush) is counted in `lateTicks` and left out: a completed bar never changes.
   */
  onTick(timeMs: number, bid: number, ask: number): boolean {
    const bucketMs = this.bucketOf(timeMs);
    const forming = this.forming;
    if (bucketMs === this.formingBucketMs) {
      if (bid > forming.bidHigh) forming.bidHigh = bid;
      if (bid < forming.bidLow) forming.bidLow = bid;
      if (ask > forming.askHigh) forming.askHigh = ask;
      if (ask < forming.askLow) forming.askLow = ask;
      forming.bidClose = bid;
      forming.askClose = ask;
      forming.tickCount++;
      return false;
    }
    if (bucketMs <= this.lastCompletedBucketMs || bucketMs < this.formingBucketMs) {
      this.lateTicks++;
      return false;
    }
    const completes = this.complete();
    forming.timeMs = bucketMs;
    forming.tickCount = 1;
    forming.bidOpen = forming.bidHigh = forming.bidLow = forming.bidClose = bid;
    forming.askOpen = forming.askHigh = forming.askLow = forming.askClose = ask;
    this.formingBucketMs = bucketMs;
    return completes;
  }

  /**
   * Continues after a bar that completed elsewhere (the broker's candle history at start-up): ticks of its bucket or
   * earlier are late, and a bar forming in it is dropped rather than completed twice.
   */
  resumeAfter(barTimeMs: number): void {
    const bucketMs = this.bucketOf(barTimeMs);
    if (bucketMs <= this.lastCompletedBucketMs) return;
    this.lastCompletedBucketMs = bucketMs;
    if (this.formingBucketMs <= bucketMs) this.formingBucketMs = Number.NaN;
  }

  /** Completes the forming bar if its bucket ended at or before `nowMs`; true when it did. */
  flushIfDue(nowMs: number): boolean {
    if (!(nowMs >= this.formingBucketMs + this.barMs)) return false;
    this.complete();
    this.formingBucketMs = Number.NaN;
    return true;
  }

  private complete(): boolean {
    if (Number.isNaN(this.formingBucketMs)) return false;
    Object.assign(this.completed, this.forming);
    this.lastCompletedBucketMs = this.formingBucketMs;
    return true;
  }
}
