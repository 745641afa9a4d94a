import type { AccountRecord, WireObject } from '../../../infra/venue-sim/engine/account-state';
import { placeOrder } from '../../../infra/venue-sim/engine/order-commands';
import { setTradeOrders } from '../../../infra/venue-sim/engine/trade-orders';
import { V20Validator } from '../../contract/oanda-v20/v20-validator';
import { accountOn, ScriptedPrices } from './scripted-prices';

const body = (result: { body: unknown }): Record<string, WireObject> => result.body as Record<string, WireObject>;
const trailingOrder = (account: AccountRecord) => account.orders.find((o) => o.type === 'TRAILING_STOP_LOSS')!;

describe('venue simulator trailing stop-loss orders (hand-checked)', () => {
  it('follows the bid up a distance behind, never back, and closes the long where the bid falls to it', () => {
    const prices = new ScriptedPrices()
      .set('EUR_USD', 0, 1.1, 0.0002) // bid 1.09990, ask 1.10010
      .set('EUR_USD', 2000, 1.105, 0.0002) // bid 1.10490: the stop moves up to 1.10390
      .set('EUR_USD', 3000, 1.1045, 0.0002) // bid 1.10440: above the stop, which stays
      .set('EUR_USD', 4000, 1.104, 0.0002); // bid 1.10390: at the stop
    const { account, at } = accountOn(prices);
    const opened = body(placeOrder(at(1000), account, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '1000', trailingStopLossOnFill: { distance: '0.0010' } } }));
    expect(trailingOrder(account)).toMatchObject({ state: 'PENDING', distance: '0.00100', trailingStopValue: '1.09890', tradeID: (opened.orderFillTransaction!.tradeOpened as WireObject).tradeID });
    at(2500);
    expect(trailingOrder(account).trailingStopValue).toBe('1.10390');
    at(3500);
    expect(trailingOrder(account).trailingStopValue).toBe('1.10390');
    at(4500);
    const fill = account.transactions.find((t) => t.type === 'ORDER_FILL' && t.reason === 'TRAILING_STOP_LOSS_ORDER');
    expect(fill).toMatchObject({ units: '-1000', price: '1.10390', pl: '3.8000', time: '1970-01-01T00:00:04.000000000Z' });
    const validator = new V20Validator();
    expect([opened.orderFillTransaction, account.transactions.find((t) => t.type === 'TRAILING_STOP_LOSS_ORDER'), fill].map((t) => validator.definition('Transaction', t))).toEqual([[], [], []]);
    expect(validator.definition('Order', trailingOrder(account))).toEqual([]);
  });

  it('is set on an open short through its trade orders, and a distance outside the instrument bounds is refused', () => {
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002).set('EUR_USD', 2000, 1.0995, 0.0002).set('EUR_USD', 3000, 1.1002, 0.0002);
    const { account, at } = accountOn(prices);
    const tooClose = placeOrder(at(1000), account, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '-1000', trailingStopLossOnFill: { distance: '0.0001' } } });
    expect(tooClose.status).toBe(400);
    expect(body(tooClose).orderRejectTransaction).toMatchObject({ rejectReason: 'TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MINIMUM_NOT_MET' });
    const tradeId = (body(placeOrder(at(1000), account, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '-1000' } })).orderFillTransaction!.tradeOpened as WireObject).tradeID as string;
    expect(setTradeOrders(at(1000), account, tradeId, { trailingStopLoss: { distance: '5' } }).status).toBe(400);
    const set = body(setTradeOrders(at(1000), account, tradeId, { trailingStopLoss: { distance: '0.0005' } }));
    expect(set.trailingStopLossOrderTransaction).toMatchObject({ type: 'TRAILING_STOP_LOSS_ORDER', distance: '0.00050', reason: 'CLIENT_ORDER' });
    // Short: the ask 1.10010 + 0.00050, then down with the ask (1.09960 → 1.10010), and hit when the ask rises to it.
    expect(trailingOrder(account).trailingStopValue).toBe('1.10060');
    at(2500);
    expect(trailingOrder(account).trailingStopValue).toBe('1.10010');
    at(3500);
    expect(account.transactions.find((t) => t.reason === 'TRAILING_STOP_LOSS_ORDER')).toMatchObject({ type: 'ORDER_FILL', units: '1000', price: '1.10030' });
  });
});
