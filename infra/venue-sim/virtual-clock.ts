/**
 * A simulator clock that starts where it is told, runs `speed` times as fast as the wall clock and can be moved on
 * at once, so a test crosses a weekend in seconds. It never runs backwards: the venue's state only moves forward.
 */
export class VirtualClock {
  private readonly wallStartMs: number;
  private skippedMs = 0;

  constructor(private readonly startMs: number, private readonly speed = 1, private readonly wallClock: () => number = Date.now) {
    if (!Number.isFinite(startMs)) throw new RangeError(`the virtual clock's start must be a time, got ${startMs}`);
    if (!(speed > 0)) throw new RangeError(`the virtual clock's speed must be above 0, got ${speed}`);
    this.wallStartMs = wallClock();
  }

  readonly now = (): number => this.startMs + this.skippedMs + (this.wallClock() - this.wallStartMs) * this.speed;

  advance(ms: number): number {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`the clock only moves forward: ${ms} ms`);
    this.skippedMs += ms;
    return this.now();
  }
}
