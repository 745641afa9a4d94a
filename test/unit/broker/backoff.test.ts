import { DEFAULT_BACKOFF, backoffDelayMs } from '../../../domain/broker';

describe('backoffDelayMs', () => {
  const policy = { initialDelayMs: 250, maxDelayMs: 15_000, multiplier: 2, jitterRatio: 0.2 };

  it('doubles from the initial delay; a draw of 0.5 means no jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, 0.5))).toEqual([250, 500, 1000, 2000]);
  });

  it('spreads each delay by ±jitterRatio', () => {
    // attempt 3: 1000 ms; draw 0 → 1000 - 200, draw 0.75 → 1000 + 100.
    expect(backoffDelayMs(policy, 3, 0)).toBe(800);
    expect(backoffDelayMs(policy, 3, 0.75)).toBe(1100);
  });

  it('never exceeds the cap, jitter included', () => {
    // attempt 10 would be 250 * 2^9 = 128000 ms.
    expect(backoffDelayMs(policy, 10, 0.999)).toBe(15_000);
    expect(backoffDelayMs(policy, 10, 0)).toBe(12_000);
  });

  it('has defaults that start fast and cap at 15 s', () => {
    expect(backoffDelayMs(DEFAULT_BACKOFF, 1, 0.5)).toBe(250);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 50, 0.5)).toBe(15_000);
  });
});
