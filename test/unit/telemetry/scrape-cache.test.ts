import { sharedRead } from '../../../infra/telemetry/scrape-cache';

describe('sharedRead', () => {
  it('reads once for every metric of a scrape, again once the figures are older than maxAgeMs', async () => {
    let now = 0;
    let reads = 0;
    const figures = sharedRead(async () => ++reads, 1_000, () => now);
    expect(await Promise.all([figures(), figures(), figures()])).toEqual([1, 1, 1]);
    now = 1_001;
    expect(await figures()).toBe(2);
  });

  it('serves the last good figures while the source fails, says it is down, and recovers', async () => {
    let now = 0;
    let failing = false;
    let reads = 0;
    const figures = sharedRead(async () => {
      reads++;
      if (failing) throw new Error('connection refused');
      return reads;
    }, 1_000, () => now);
    expect(await figures()).toBe(1);
    expect(figures.up()).toBe(true);
    failing = true;
    now = 2_000;
    expect(await figures()).toBe(1);
    expect(figures.up()).toBe(false);
    failing = false;
    now = 4_000;
    expect(await figures()).toBe(3);
    expect(figures.up()).toBe(true);
  });

  it('has no figures, and is down, when no read ever succeeded', async () => {
    const figures = sharedRead(async () => {
      throw new Error('no database');
    });
    expect(await figures()).toBeUndefined();
    expect(figures.up()).toBe(false);
  });
});
