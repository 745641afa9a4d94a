import type { AccountRecord, WireObject } from '../../../infra/venue-sim/engine/account-state';
import { placeOrder, type CommandContext } from '../../../infra/venue-sim/engine/order-commands';
import { accountOn, ScriptedPrices } from './scripted-prices';

/** 17:00 New York on 1 January 1970, in winter time: when a GFD order created that day expires. */
const NEW_YORK_CLOSE_MS = 22 * 3_600_000;

const place = (account: AccountRecord, ctx: CommandContext, order: WireObject) => placeOrder(ctx, account, { order: { instrument: 'EUR_USD', ...order } });
const lastOf = (account: AccountRecord, type: string) => account.transactions.filter((t) => t.type === type).at(-1);

describe('venue simulator entry orders: STOP, MARKET_IF_TOUCHED and GFD', () => {
  it('fills a buy stop at the market once the ask reaches it, and cancels one whose fill would break its price bound', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002).set('EUR_USD', 2000, 1.105, 0.0002); // ask 1.10010, then 1.10510
    const { account, at } = accountOn(prices);
    expect(place(account, at(1000), { type: 'STOP', units: '1000', price: '1.10500' }).status).toBe(201);
    expect(place(account, at(1000), { type: 'STOP', units: '1000', price: '1.10400', priceBound: '1.10505' }).status).toBe(201);
    expect(account.orders.filter((o) => o.state === 'PENDING').map((o) => o.type)).toEqual(['STOP', 'STOP']);
    at(3000);
    const fills = account.transactions.filter((t) => t.type === 'ORDER_FILL');
    expect(fills.map((fill) => [fill.reason, fill.price])).toEqual([['STOP_ORDER', '1.10510']]);
    expect(lastOf(account, 'ORDER_CANCEL')).toMatchObject({ reason: 'BOUNDS_VIOLATION' });
  });

  it('triggers a market-if-touched order when the price comes to its level from where it was created', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002).set('EUR_USD', 2000, 1.102, 0.0002).set('EUR_USD', 4000, 1.105, 0.0002);
    const { account, at } = accountOn(prices);
    // A sell above the market: it waits while the bid is below 1.10300, and fills once the bid touches it.
    const created = place(account, at(1000), { type: 'MARKET_IF_TOUCHED', units: '-1000', price: '1.10300', clientExtensions: { id: 'mit' } });
    expect(created.status).toBe(201);
    expect(account.orders.find((o) => o.clientExtensions?.id === 'mit')).toMatchObject({ state: 'PENDING', initialMarketPrice: '1.10000' });
    at(3000);
    expect(lastOf(account, 'ORDER_FILL')).toBeUndefined();
    at(5000);
    expect(lastOf(account, 'ORDER_FILL')).toMatchObject({ reason: 'MARKET_IF_TOUCHED_ORDER', price: '1.10490', units: '-1000' });
  });

  it('cancels a good-for-day order when its trading day ends at 17:00 New York, and keeps a good-till-cancelled one', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002);
    const { account, at } = accountOn(prices);
    // Placed a minute before the close: the account is scanned second by second only while orders are pending.
    const placedMs = NEW_YORK_CLOSE_MS - 60_000;
    place(account, at(placedMs), { type: 'LIMIT', units: '1000', price: '1.00000', timeInForce: 'GFD', clientExtensions: { id: 'day' } });
    place(account, at(placedMs), { type: 'STOP', units: '1000', price: '1.20000', clientExtensions: { id: 'open' } });
    at(NEW_YORK_CLOSE_MS - 1000);
    expect(account.orders.filter((o) => o.state === 'PENDING')).toHaveLength(2);
    at(NEW_YORK_CLOSE_MS);
    expect(account.orders.find((o) => o.clientExtensions?.id === 'day')).toMatchObject({ state: 'CANCELLED' });
    expect(lastOf(account, 'ORDER_CANCEL')).toMatchObject({ reason: 'TIME_IN_FORCE_EXPIRED' });
    expect(account.orders.find((o) => o.clientExtensions?.id === 'open')).toMatchObject({ state: 'PENDING' });
  });
});
