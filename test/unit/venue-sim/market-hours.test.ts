import type { WireObject } from '../../../infra/venue-sim/engine/account-state';
import { placeOrder } from '../../../infra/venue-sim/engine/order-commands';
import { OandaMarketHours } from '../../../infra/venue-sim/market/market-hours';
import { candleGrid, OANDA_ALIGNMENT } from '../../../infra/venue-sim/price/candle-grid';
import { candles } from '../../../infra/venue-sim/price/candles';
import { PricePath } from '../../../infra/venue-sim/price/price-path';
import { quoteAt } from '../../../infra/venue-sim/price/quotes';
import { accountOn, ScriptedPrices } from './scripted-prices';

const HOUR_MS = 3_600_000;
const utc = (text: string): number => Date.parse(text);
const iso = (ms: number): string => new Date(ms).toISOString();
const hours = new OandaMarketHours();

// 1 January 1970 was a Thursday; New York was on winter time (UTC-5), so its 17:00 is 22:00 UTC.
const FRIDAY_CLOSE_MS = 46 * HOUR_MS;
const SUNDAY_OPEN_MS = 94 * HOUR_MS;

const body = (result: { body: unknown }): Record<string, WireObject> => result.body as Record<string, WireObject>;
const market = (units: string) => ({ order: { type: 'MARKET', instrument: 'EUR_USD', units } });

describe('venue simulator market hours (OANDA: closed from Friday 17:00 to Sunday 17:00 New York)', () => {
  it('closes for the weekend at 17:00 New York in winter and in summer time, and gold also for an hour every day', () => {
    expect(hours.isOpen('EUR_USD', utc('2026-12-04T21:59:59Z'))).toBe(true);
    expect(hours.isOpen('EUR_USD', utc('2026-12-04T22:00:00Z'))).toBe(false);
    expect(hours.isOpen('EUR_USD', utc('2026-12-06T21:59:59Z'))).toBe(false);
    expect(hours.isOpen('EUR_USD', utc('2026-12-06T22:00:00Z'))).toBe(true);
    expect(hours.isOpen('EUR_USD', utc('2026-07-10T20:59:59Z'))).toBe(true);
    expect(hours.isOpen('EUR_USD', utc('2026-07-10T21:00:00Z'))).toBe(false);
    expect(iso(hours.nextOpenMs('EUR_USD', utc('2026-07-11T12:00:00Z')))).toBe('2026-07-12T21:00:00.000Z');
    expect(iso(hours.priceTimeMs('EUR_USD', utc('2026-07-11T12:00:00Z')))).toBe('2026-07-10T20:59:59.000Z');
    // Gold: a daily break from 17:00 to 18:00 New York, so it opens an hour after currencies on Sunday.
    expect(hours.isOpen('XAU_USD', utc('2026-12-08T22:30:00Z'))).toBe(false);
    expect(hours.isOpen('EUR_USD', utc('2026-12-08T22:30:00Z'))).toBe(true);
    expect(iso(hours.nextOpenMs('XAU_USD', utc('2026-12-05T12:00:00Z')))).toBe('2026-12-06T23:00:00.000Z');
  });

  it('quotes the close, not tradeable, while closed; cancels a MARKET order MARKET_HALTED and keeps a limit pending to fill at the open', () => {
    const prices = new ScriptedPrices(hours)
      .set('EUR_USD', 0, 1.1, 0.0002)
      .set('EUR_USD', FRIDAY_CLOSE_MS + HOUR_MS, 1.09, 0.0002) // the path moves on through the weekend ...
      .set('EUR_USD', SUNDAY_OPEN_MS, 1.08, 0.0002); // ... and the open gaps down
    const { account, at } = accountOn(prices);
    const saturdayMs = FRIDAY_CLOSE_MS + 12 * HOUR_MS;
    expect(quoteAt(prices.asPricePath(), 'EUR_USD', saturdayMs)).toMatchObject({ tradeable: false, bid: 1.0999, ask: 1.1001, timeMs: FRIDAY_CLOSE_MS - 1000 });

    const halted = body(placeOrder(at(saturdayMs), account, market('1000')));
    expect(halted.orderCancelTransaction).toMatchObject({ reason: 'MARKET_HALTED' });
    expect(halted.orderFillTransaction).toBeUndefined();
    // Closed, not short of liquidity, whatever the book's depth.
    expect(body(placeOrder({ ...at(saturdayMs), liquidityUnits: 10 }, account, market('1000'))).orderCancelTransaction).toMatchObject({ reason: 'MARKET_HALTED' });

    placeOrder(at(saturdayMs), account, { order: { type: 'LIMIT', instrument: 'EUR_USD', units: '1000', price: '1.09500' } });
    at(SUNDAY_OPEN_MS - 1000);
    expect(account.orders.filter((o) => o.type === 'LIMIT').map((o) => o.state)).toEqual(['PENDING']);
    at(SUNDAY_OPEN_MS + 5000);
    const fill = account.transactions.find((t) => t.type === 'ORDER_FILL' && t.reason === 'LIMIT_ORDER');
    // Filled at the first price of the open, better than its limit: the gap, not the limit price.
    expect(fill).toMatchObject({ price: '1.08010', time: '1970-01-04T22:00:00.000000000Z' });
  });

  it('expires a good-for-day order at the close even though no price moves until the open', () => {
    const prices = new ScriptedPrices(hours).set('EUR_USD', 0, 1.1, 0.0002);
    const { account, at } = accountOn(prices);
    placeOrder(at(FRIDAY_CLOSE_MS - 6 * HOUR_MS), account, { order: { type: 'LIMIT', instrument: 'EUR_USD', units: '1000', price: '1.05000', timeInForce: 'GFD' } });
    at(SUNDAY_OPEN_MS + 60_000);
    expect(account.transactions.find((t) => t.type === 'ORDER_CANCEL')).toMatchObject({ reason: 'TIME_IN_FORCE_EXPIRED', time: '1970-01-02T22:00:00.000000000Z' });
  });

  it('books financing at the 17:00 New York rollover from Monday to Friday, three days on Wednesday, none at the weekend', () => {
    const prices = new ScriptedPrices(hours).set('EUR_USD', 0, 1.1, 0.0002);
    const { account, at } = accountOn(prices);
    placeOrder(at(1000), account, market('10000'));
    at(9 * 24 * HOUR_MS);
    const financings = account.transactions.filter((t) => t.type === 'DAILY_FINANCING').map((t) => [t.time, t.financing]);
    // One day: 10000 × 1.1 × (2.5% EUR - 4.5% USD - 1% markup) / 365 = -0.9041.
    expect(financings).toEqual([
      ['1970-01-01T22:00:00.000000000Z', '-0.9041'], // Thursday
      ['1970-01-02T22:00:00.000000000Z', '-0.9041'], // Friday
      ['1970-01-05T22:00:00.000000000Z', '-0.9041'], // Monday
      ['1970-01-06T22:00:00.000000000Z', '-0.9041'],
      ['1970-01-07T22:00:00.000000000Z', '-2.7123'], // Wednesday carries the weekend
      ['1970-01-08T22:00:00.000000000Z', '-0.9041'],
      ['1970-01-09T22:00:00.000000000Z', '-0.9041'],
    ]);
  });

  it('serves no candle of a closed market: a count counts traded candles, and a day with no trading has none', () => {
    const historyStartMs = utc('2026-11-01T00:00:00Z');
    const path = new PricePath(7, historyStartMs, hours);
    const nowMs = utc('2026-12-09T12:00:00Z');
    const hourly = candles(path, 'EUR_USD', candleGrid('H1', OANDA_ALIGNMENT), { toMs: utc('2026-12-07T02:00:00Z'), count: 8 }, nowMs);
    expect(hourly.map((c) => iso(c.timeMs))).toEqual([
      '2026-12-04T18:00:00.000Z', '2026-12-04T19:00:00.000Z', '2026-12-04T20:00:00.000Z', '2026-12-04T21:00:00.000Z',
      '2026-12-06T22:00:00.000Z', '2026-12-06T23:00:00.000Z', '2026-12-07T00:00:00.000Z', '2026-12-07T01:00:00.000Z',
    ]);
    const utcDays = candles(path, 'EUR_USD', candleGrid('D', { ...OANDA_ALIGNMENT, dailyHour: 0, timeZone: 'UTC' }), { fromMs: utc('2026-12-03T00:00:00Z'), count: 4 }, nowMs);
    expect(utcDays.map((c) => iso(c.timeMs))).toEqual(['2026-12-03T00:00:00.000Z', '2026-12-04T00:00:00.000Z', '2026-12-06T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    // Sunday's UTC day holds only the two hours after the open: twelve M5 bars' worth of ticks at most.
    const sundayHours = candles(path, 'EUR_USD', candleGrid('H1', OANDA_ALIGNMENT), { fromMs: utc('2026-12-06T00:00:00Z'), toMs: utc('2026-12-07T00:00:00Z') }, nowMs);
    expect(sundayHours.map((c) => iso(c.timeMs))).toEqual(['2026-12-06T22:00:00.000Z', '2026-12-06T23:00:00.000Z']);
    expect(utcDays[2]!.volume).toBe(sundayHours[0]!.volume + sundayHours[1]!.volume);
  });
});
