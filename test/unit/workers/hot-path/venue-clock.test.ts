import { VenueClock } from '../../../../workers/hot-path/venue-clock';

describe('VenueClock', () => {
  it('is the wall clock until a quote shows the venue ahead, then keeps the largest lead seen', () => {
    let wallMs = 1_000_000;
    const clock = new VenueClock(() => wallMs);
    expect(clock.now()).toBe(1_000_000);
    clock.observe(1_000_000 - 400); // an old quote: the venue is not behind us
    expect(clock.now()).toBe(1_000_000);
    clock.observe(1_060_000);
    wallMs += 1_000;
    expect(clock.now()).toBe(1_061_000);
    clock.observe(1_030_000);
    expect(clock.now()).toBe(1_061_000);
  });
});
