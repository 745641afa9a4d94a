import { briefCache } from '../../../api/brief-cache';

describe('briefCache', () => {
  it('answers a key from one read for the period, shares a read in flight, and reads again after it', async () => {
    let nowMs = 0;
    const cached = briefCache<number>(2_000, () => nowMs);
    let reads = 0;
    const read = async () => ++reads;
    expect(await Promise.all([cached('a', read), cached('a', read)])).toEqual([1, 1]);
    nowMs = 1_999;
    expect(await cached('a', read)).toBe(1);
    expect(await cached('b', read)).toBe(2);
    nowMs = 2_000;
    expect(await cached('a', read)).toBe(3);
  });

  it('forgets a failed read at once', async () => {
    const cached = briefCache<number>(2_000, () => 0);
    await expect(cached('a', async () => Promise.reject(new Error('broker down')))).rejects.toThrow('broker down');
    expect(await cached('a', async () => 7)).toBe(7);
  });
});
