import { closedMsBetween, marketOpen, nextMarketOpenMs, reopeningAfterLastPrice } from '../../../../domain/trading/market-hours';

const utc = (text: string): number => Date.parse(text);
const HOUR_MS = 3_600_000;

describe("the product's market calendar (OANDA's week: Sunday 17:00 to Friday 17:00 New York)", () => {
  it('is closed over the weekend in winter and summer time, and gold also from 17:00 to 18:00 New York daily', () => {
    expect(marketOpen('EUR_USD', utc('2026-12-04T21:59:59Z'))).toBe(true);
    expect(marketOpen('EUR_USD', utc('2026-12-04T22:00:00Z'))).toBe(false);
    expect(marketOpen('EUR_USD', utc('2026-12-06T22:00:00Z'))).toBe(true);
    expect(marketOpen('EUR_USD', utc('2026-07-10T21:00:00Z'))).toBe(false);
    expect(marketOpen('XAU_USD', utc('2026-12-08T22:15:00Z'))).toBe(false);
    expect(marketOpen('EUR_USD', utc('2026-12-08T22:15:00Z'))).toBe(true);
    expect(nextMarketOpenMs('EUR_USD', utc('2026-12-05T09:30:00Z'))).toBe(utc('2026-12-06T22:00:00Z'));
    expect(nextMarketOpenMs('XAU_USD', utc('2026-12-05T09:30:00Z'))).toBe(utc('2026-12-06T23:00:00Z'));
    expect(nextMarketOpenMs('EUR_USD', utc('2026-12-07T09:30:00Z'))).toBe(utc('2026-12-07T09:30:00Z'));
  });

  it('measures how much of a span the market was closed for', () => {
    expect(closedMsBetween('EUR_USD', utc('2026-12-04T21:00:00Z'), utc('2026-12-06T23:00:00Z'))).toBe(48 * HOUR_MS);
    expect(closedMsBetween('EUR_USD', utc('2026-12-04T21:30:00Z'), utc('2026-12-04T22:30:00Z'))).toBe(HOUR_MS / 2);
    expect(closedMsBetween('EUR_USD', utc('2026-12-07T01:00:00Z'), utc('2026-12-07T05:00:00Z'))).toBe(0);
    expect(closedMsBetween('XAU_USD', utc('2026-12-08T00:00:00Z'), utc('2026-12-09T00:00:00Z'))).toBe(HOUR_MS);
  });

  it("tells when a closure reopens from the venue's last price before it, and nothing for a closure it does not know", () => {
    expect(reopeningAfterLastPrice('EUR_USD', utc('2026-12-04T21:59:59Z'))).toBe(utc('2026-12-06T22:00:00Z'));
    expect(reopeningAfterLastPrice('EUR_USD', utc('2026-12-04T21:12:00Z'))).toBe(utc('2026-12-06T22:00:00Z'));
    expect(reopeningAfterLastPrice('XAU_USD', utc('2026-12-08T21:59:00Z'))).toBe(utc('2026-12-08T23:00:00Z'));
    expect(reopeningAfterLastPrice('EUR_USD', utc('2026-12-02T12:00:00Z'))).toBeUndefined();
  });
});
