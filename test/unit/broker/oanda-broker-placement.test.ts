/**
 * The placement decisions that the simulator cannot provoke: OANDA not finding a just-filled order by its client
 * id (so the transaction log is searched), and a venue answer that is not one this adapter understands.
 */
import { BrokerError } from '../../../domain/broker';
import { OandaBroker } from '../../../infra/broker/oanda/oanda-broker';
import type { V20Api } from '../../../infra/broker/oanda/v20-api';
import type { V20Order, V20OrderCreateResponse, V20Transaction } from '../../../infra/broker/oanda/v20-payloads';
import filled from './fixtures/order-create-filled.json';

const created = (filled as V20OrderCreateResponse).orderCreateTransaction!;
const fill = (filled as V20OrderCreateResponse).orderFillTransaction!;
const CLIENT_ID = 'wf-rebalance-7-usd-cad';
const filledOrder: V20Order = {
  id: '6372', type: 'MARKET', state: 'FILLED', createTime: created.time, instrument: 'USD_CAD', units: '-1000',
  clientExtensions: { id: CLIENT_ID }, fillingTransactionID: '6373', tradeOpenedID: '6373',
};
const notFound = (specifier: string) => new BrokerError('ORDER_NOT_FOUND', { operation: `get order ${specifier}`, httpStatus: 404 });

/** A V20Api double answering only what placement asks; every call is recorded. */
function fakeApi(overrides: Partial<Record<keyof V20Api, (...args: never[]) => Promise<unknown>>>): V20Api & { calls: string[] } {
  const calls: string[] = [];
  const handler: ProxyHandler<object> = {
    get(_target, name: string) {
      if (name === 'calls') return calls;
      if (name === 'accountId') return '101-001-0000001-001';
      return async (...args: unknown[]) => {
        calls.push(`${name}(${args.map((arg) => (typeof arg === 'string' ? arg : '…')).join(', ')})`);
        const answer = (overrides as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
        if (!answer) throw new Error(`unexpected call ${name}`);
        return answer(...args);
      };
    },
  };
  return new Proxy({}, handler) as V20Api & { calls: string[] };
}

const pacing = { sleep: async () => undefined, random01: () => 0.5 };
const request = { type: 'MARKET' as const, clientOrderId: CLIENT_ID, instrument: 'USD_CAD', units: -1000 };

describe('OandaBroker.placeOrder', () => {
  it('finds a filled order through the transactions since the last known id when the client id look-up misses', async () => {
    const api = fakeApi({
      order: async (specifier: string) => {
        if (specifier === '6372') return { order: filledOrder, lastTransactionID: '6373' };
        throw notFound(specifier);
      },
      transactionsSince: async () => ({ transactions: [created, fill] satisfies V20Transaction[], lastTransactionID: '6373' }),
      transaction: async () => ({ transaction: fill, lastTransactionID: '6373' }),
    });
    const result = await new OandaBroker(api, pacing).placeOrder(request, { lastKnownTransactionId: '6371' });
    expect(result).toEqual({
      orderId: '6372',
      clientOrderId: CLIENT_ID,
      state: 'FILLED',
      filledUnits: -1000,
      fillPriceQuote: 1.28379,
      tradeOpenedId: '6373',
      tradeIdsClosed: [],
      transactionIds: ['6372', '6373'],
      existing: true,
    });
    expect(api.calls).toEqual([`order(@${CLIENT_ID})`, 'transactionsSince(6371)', 'order(6372)', 'transaction(6373)']);
  });

  it('places the order when neither the client id nor the transaction log knows it', async () => {
    const api = fakeApi({
      order: async (specifier: string) => { throw notFound(specifier); },
      transactionsSince: async () => ({ transactions: [], lastTransactionID: '6371' }),
      createOrder: async () => filled,
    });
    const result = await new OandaBroker(api, pacing).placeOrder(request, { lastKnownTransactionId: '6371' });
    expect([result.existing, result.orderId, result.fillPriceQuote]).toEqual([false, '6372', 1.28379]);
    expect(api.calls).toEqual([`order(@${CLIENT_ID})`, 'transactionsSince(6371)', 'createOrder(…, placeOrder USD_CAD client id wf-rebalance-7-usd-cad)']);
  });

  it('does not place anything when the look-up itself fails, so a retry decides later', async () => {
    const outage = new BrokerError('SERVER', { operation: `get order @${CLIENT_ID}`, httpStatus: 503 });
    const api = fakeApi({ order: async () => { throw outage; } });
    await expect(new OandaBroker(api, pacing).placeOrder(request)).rejects.toBe(outage);
    expect(api.calls).toEqual([`order(@${CLIENT_ID})`]);
  });
});
