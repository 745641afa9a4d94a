/**
 * The venue's time, estimated from its quotes: the wall clock plus the largest lead a quote's timestamp has shown.
 * Bars, the trading day and the order-rate window then follow the venue's clock, also when it runs ahead of ours
 * (the simulator's accelerated clock); a quote's age only ever makes the estimate lag, never run ahead.
 */
export class VenueClock {
  private leadMs = 0;

  constructor(private readonly wallClock: () => number = Date.now) {}

  observe(venueTimeMs: number): void {
    const leadMs = venueTimeMs - this.wallClock();
    if (leadMs > this.leadMs) this.leadMs = leadMs;
  }

  now(): number {
    return this.wallClock() + this.leadMs;
  }
}
