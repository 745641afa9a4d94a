import { TickBarAggregator } from '../../../../domain/execution/tick-bar-aggregator';

const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

describe('TickBarAggregator', () => {
  it('builds bid/ask OHLC and completes the bar on the first tick of a later bucket', () => {
    const bars = new TickBarAggregator('M1');
    expect(bars.onTick(T0 + 1_000, 1.1000, 1.1002)).toBe(false);
    expect(bars.onTick(T0 + 20_000, 1.1005, 1.1006)).toBe(false);
    expect(bars.onTick(T0 + 40_000, 1.0990, 1.0993)).toBe(false);
    expect(bars.onTick(T0 + 59_999, 1.0998, 1.1000)).toBe(false);
    expect(bars.formingBarTimeMs).toBe(T0);
    // No tick in the 10:01 bucket: the next tick, at 10:02:05, completes 10:00.
    expect(bars.onTick(T0 + 125_000, 1.1010, 1.1012)).toBe(true);
    expect(bars.completed).toEqual({
      timeMs: T0, tickCount: 4,
      bidOpen: 1.1000, bidHigh: 1.1005, bidLow: 1.0990, bidClose: 1.0998,
      askOpen: 1.1002, askHigh: 1.1006, askLow: 1.0993, askClose: 1.1000,
    });
    expect(bars.formingBarTimeMs).toBe(T0 + 120_000);
  });

  it('completes a quiet bar on the clock once its bucket is over, and only then', () => {
    const bars = new TickBarAggregator('S5');
    bars.onTick(T0 + 1_000, 1.2, 1.3);
    expect(bars.flushIfDue(T0 + 4_999)).toBe(false);
    expect(bars.flushIfDue(T0 + 5_000)).toBe(true);
    expect(bars.completed).toMatchObject({ timeMs: T0, tickCount: 1, bidClose: 1.2, askClose: 1.3 });
    expect(bars.flushIfDue(T0 + 60_000)).toBe(false);
  });

  it('leaves late ticks out of completed bars and counts them', () => {
    const bars = new TickBarAggregator('M1');
    bars.onTick(T0 + 1_000, 1.1, 1.2);
    bars.flushIfDue(T0 + 60_000);
    expect(bars.onTick(T0 + 59_000, 1.0, 1.05)).toBe(false);
    expect(bars.lateTicks).toBe(1);
    bars.onTick(T0 + 61_000, 1.1, 1.2);
    expect(bars.onTick(T0 + 30_000, 1.0, 1.05)).toBe(false);
    expect(bars.lateTicks).toBe(2);
    expect(bars.completed).toMatchObject({ timeMs: T0, bidLow: 1.1, tickCount: 1 });
  });
});
