/**
 * Per-token request budget over a sliding one-second window of real (monotonic) time: rate limits are about how
 * fast a client calls, not about the simulated market clock, which tests may freeze.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly perSecond: number, private readonly monotonicMs: () => number = () => performance.now()) {}

  /** Records a request and says whether it is within the budget. */
  allow(token: string): boolean {
    const now = this.monotonicMs();
    const window = (this.recent.get(token) ?? []).filter((t) => now - t < 1000);
    const allowed = window.length < this.perSecond;
    if (allowed) window.push(now);
    this.recent.set(token, window);
    return allowed;
  }
}
