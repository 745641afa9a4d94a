import type { WireObject } from '../../../infra/venue-sim/engine/account-state';
import { closePosition, closeTrade, placeOrder } from '../../../infra/venue-sim/engine/order-commands';
import { renderAccountSummary } from '../../../infra/venue-sim/wire/render-account';
import { accountOn, ScriptedPrices } from './scripted-prices';

const order = (fields: WireObject): { order: WireObject } => ({ order: { type: 'MARKET', ...fields } });
const body = (result: { body: unknown }): Record<string, WireObject> => result.body as Record<string, WireObject>;

describe('venue simulator fills, margin and P/L (hand-checked)', () => {
  it('fills at the ask, values at the bid, converts JPY P/L to USD and stops out a long at the bid', () => {
    const prices = new ScriptedPrices()
      .set('EUR_USD', 0, 1.1, 0.0002) // bid 1.09990, ask 1.10010
      .set('USD_JPY', 0, 150, 0.02) // bid 149.990, ask 150.010
      .set('EUR_USD', 2000, 1.105, 0.0002) // bid 1.10490
      .set('USD_JPY', 3000, 149, 0.02) // ask 149.010
      .set('EUR_USD', 5000, 1.094, 0.0002); // bid 1.09390: through the 1.09500 stop
    const { account, at } = accountOn(prices);

    const buy = placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '10000', takeProfitOnFill: { price: '1.12000' }, stopLossOnFill: { price: '1.09500' } }));
    expect(buy.status).toBe(201);
    const fill = body(buy).orderFillTransaction!;
    expect(fill).toMatchObject({ id: '4', orderID: '3', price: '1.10010', units: '10000', halfSpreadCost: '1.0000', pl: '0.0000' });
    expect(fill.tradeOpened).toMatchObject({ tradeID: '4', units: '10000', initialMarginRequired: '220.0000' });
    expect(body(buy).relatedTransactionIDs).toEqual(['3', '4', '5', '6']);

    // (1.10490 - 1.10010) × 10000 = 48; margin 10000 × 1.105 × 2% = 221.
    expect(renderAccountSummary(prices.asPricePath(), account, 2000)).toMatchObject({
      balance: '100000.0000', unrealizedPL: '48.0000', NAV: '100048.0000', marginUsed: '221.0000', marginAvailable: '99827.0000', openTradeCount: 1,
    });

    const sell = placeOrder(at(2000), account, order({ instrument: 'USD_JPY', units: '-1000' }));
    expect(body(sell).orderFillTransaction).toMatchObject({ price: '149.990', units: '-1000' });
    // (149.990 - 149.010) × 1000 = 980 JPY = 980 / 149 = 6.5772 USD; margin 1000 USD × 2% = 20 USD.
    expect(renderAccountSummary(prices.asPricePath(), account, 3000)).toMatchObject({ unrealizedPL: '54.5772', marginUsed: '241.0000' });

    const close = closeTrade(at(3000), account, body(sell).orderFillTransaction!.id as string, { units: 'ALL' });
    expect(close.status).toBe(200);
    expect(body(close).orderFillTransaction).toMatchObject({ price: '149.010', pl: '6.5772', accountBalance: '100006.5772', reason: 'MARKET_ORDER_TRADE_CLOSE' });

    at(6000);
    const stop = account.transactions.find((t) => t.type === 'ORDER_FILL' && t.reason === 'STOP_LOSS_ORDER')!;
    // (1.09390 - 1.10010) × 10000 = -62, filled at the first second the bid crossed the stop (t = 5 s).
    expect(stop).toMatchObject({ orderID: '6', price: '1.09390', units: '-10000', pl: '-62.0000', accountBalance: '99944.5772', time: '1970-01-01T00:00:05.000000000Z' });
    expect(account.transactions.find((t) => t.type === 'ORDER_CANCEL' && t.orderID === '5')).toMatchObject({ reason: 'LINKED_TRADE_CLOSED' });
    expect(renderAccountSummary(prices.asPricePath(), account, 6000)).toMatchObject({ balance: '99944.5772', pl: '-55.4228', NAV: '99944.5772', marginUsed: '0.0000', pendingOrderCount: 0 });
  });

  it('cancels a market order with INSUFFICIENT_MARGIN when the new margin would exceed NAV', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.25, 0.0002);
    const { account, at } = accountOn(prices);
    // 4,000,001 × 1.25 × 2% = 100,000.025 > 100,000 NAV; 3,999,999 units need 99,999.975.
    const tooBig = placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '4000001' }));
    expect(tooBig.status).toBe(201);
    expect(body(tooBig).orderCancelTransaction).toMatchObject({ type: 'ORDER_CANCEL', reason: 'INSUFFICIENT_MARGIN', orderID: '3' });
    expect(body(tooBig).orderFillTransaction).toBeUndefined();
    const fits = placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '3999999' }));
    expect(body(fits).orderFillTransaction).toMatchObject({ units: '3999999' });
  });

  it('nets FIFO: a sell closes the oldest long first, reduces the next, then opens a short with the rest', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002).set('EUR_USD', 2000, 1.101, 0.0002);
    const { account, at } = accountOn(prices);
    placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '1000' })); // trade 4 at 1.10010
    placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '2000' })); // trade 6 at 1.10010
    const sell = body(placeOrder(at(2000), account, order({ instrument: 'EUR_USD', units: '-2500' }))).orderFillTransaction!;
    // Sold at bid 1.10090: (1.10090 - 1.10010) × 1000 = 0.8 and × 1500 = 1.2.
    expect(sell.tradesClosed).toEqual([expect.objectContaining({ tradeID: '4', units: '-1000', realizedPL: '0.8000' })]);
    expect(sell.tradeReduced).toMatchObject({ tradeID: '6', units: '-1500', realizedPL: '1.2000' });
    expect(sell.tradeOpened).toBeUndefined();
    expect(sell.pl).toBe('2.0000');
    const flip = body(placeOrder(at(2000), account, order({ instrument: 'EUR_USD', units: '-1000' }))).orderFillTransaction!;
    expect(flip.tradesClosed).toEqual([expect.objectContaining({ tradeID: '6', units: '-500' })]);
    expect(flip.tradeOpened).toMatchObject({ units: '-500', price: '1.10090' });
    const close = body(closePosition(at(2000), account, 'EUR_USD', { shortUnits: 'ALL' }));
    expect(close.shortOrderFillTransaction).toMatchObject({ units: '500', price: '1.10110', reason: 'MARKET_ORDER_POSITION_CLOSEOUT' });
  });

  it('books one day of financing at the 17:00 New York rollover (22:00 UTC in winter) on the notional at mid: long EUR_USD pays 3% a year', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002);
    const { account, at } = accountOn(prices);
    placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '10000' }));
    at(23 * 3_600_000);
    const financing = account.transactions.find((t) => t.type === 'DAILY_FINANCING')!;
    // 10000 × 1.1 × (2.5% EUR - 4.5% USD - 1% markup) / 365 = -0.904109...
    expect(financing).toMatchObject({ financing: '-0.9041', accountBalance: '99999.0959', time: '1970-01-01T22:00:00.000000000Z' });
    expect(renderAccountSummary(prices.asPricePath(), account, 23 * 3_600_000)).toMatchObject({ financing: '-0.9041', balance: '99999.0959' });
  });

  it('fills a marketable limit at once at the better price, a resting one when the ask reaches it, and expires GTD', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002).set('EUR_USD', 4000, 1.0995, 0.0002); // ask 1.10010, later 1.09960
    const { account, at } = accountOn(prices);
    const marketable = body(placeOrder(at(1000), account, order({ type: 'LIMIT', instrument: 'EUR_USD', units: '100', price: '1.10500' })));
    expect(marketable.orderFillTransaction).toMatchObject({ price: '1.10010', reason: 'LIMIT_ORDER', batchID: marketable.orderCreateTransaction!.id });
    const resting = body(placeOrder(at(1000), account, order({ type: 'LIMIT', instrument: 'EUR_USD', units: '100', price: '1.09970', clientExtensions: { id: 'rest' } })));
    expect(resting.orderFillTransaction).toBeUndefined();
    const expiring = body(placeOrder(at(1000), account, order({ type: 'LIMIT', instrument: 'EUR_USD', units: '-100', price: '1.20000', timeInForce: 'GTD', gtdTime: '1970-01-01T00:00:03Z' })));
    at(5000);
    const restingId = resting.orderCreateTransaction!.id;
    expect(account.transactions.find((t) => t.type === 'ORDER_FILL' && t.orderID === restingId)).toMatchObject({ price: '1.09960', time: '1970-01-01T00:00:04.000000000Z' });
    expect(account.transactions.find((t) => t.type === 'ORDER_CANCEL' && t.orderID === expiring.orderCreateTransaction!.id)).toMatchObject({
      reason: 'TIME_IN_FORCE_EXPIRED', time: '1970-01-01T00:00:03.000000000Z',
    });
  });

  it('rejects invalid orders with a reject transaction and the reason as errorCode', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002);
    const { account, at } = accountOn(prices);
    const cases: Array<[WireObject, string]> = [
      [{ instrument: 'EUR_XYZ', units: '10' }, 'INSTRUMENT_UNKNOWN'],
      [{ instrument: 'EUR_USD', units: '0' }, 'UNITS_INVALID'],
      [{ instrument: 'EUR_USD', units: '10', timeInForce: 'GTC' }, 'TIME_IN_FORCE_INVALID'],
    ];
    for (const [fields, reason] of cases) {
      const result = placeOrder(at(1000), account, order(fields));
      expect(result.status).toBe(400);
      expect(body(result)).toMatchObject({ errorCode: reason, orderRejectTransaction: { type: 'MARKET_ORDER_REJECT', rejectReason: reason } });
    }
    // OANDA's rule: only a pending order holds its client id; a filled one does not.
    placeOrder(at(1000), account, order({ type: 'LIMIT', instrument: 'EUR_USD', units: '10', price: '0.50000', clientExtensions: { id: 'once' } }));
    const duplicate = placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '10', clientExtensions: { id: 'once' } }));
    expect(body(duplicate)).toMatchObject({ errorCode: 'CLIENT_ORDER_ID_ALREADY_EXISTS' });
    placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '10', clientExtensions: { id: 'filled' } }));
    expect(placeOrder(at(1000), account, order({ instrument: 'EUR_USD', units: '-10', clientExtensions: { id: 'filled' } })).status).toBe(201);
  });
});
