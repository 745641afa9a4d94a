import { RateLimiter } from '../../../infra/venue-sim/http/rate-limiter';

describe('venue simulator rate limiter', () => {
  it('allows perSecond requests per token in any one-second window and frees budget as the window slides', () => {
    let nowMs = 0;
    const limiter = new RateLimiter(3, () => nowMs);
    const burst = (token: string): boolean[] => Array.from({ length: 4 }, () => limiter.allow(token));
    expect(burst('a')).toEqual([true, true, true, false]);
    expect(burst('b')).toEqual([true, true, true, false]);
    nowMs = 999;
    expect(limiter.allow('a')).toBe(false);
    nowMs = 1000;
    expect(burst('a')).toEqual([true, true, true, false]);
  });
});
