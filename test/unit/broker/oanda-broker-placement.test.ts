/**
 * The placement decisions the simulator cannot provoke: OANDA not finding a just-filled order by its client id (so
 * the transaction log is searched, page by page), reject transactions, a taken trade client id, a lost answer that
 * the re-check does or does not resolve, a client id naming another order, and cancels whose answer was lost.
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

const sleeps: number[] = [];
const pacing = { sleep: async (delayMs: number) => { sleeps.push(delayMs); }, random01: () => 0.5 };
const request = { type: 'MARKET' as const, clientOrderId: CLIENT_ID, instrument: 'USD_CAD', units: -1000 };
const options = { lastKnownTransactionId: '6371' };
const broker = (api: V20Api): OandaBroker => new OandaBroker(api, pacing, { settleDelayMs: 750 });
const unrelated = (id: string): V20Transaction => ({ id, type: 'DAILY_FINANCING', time: created.time });
const expectedExisting = {
  orderId: '6372',
  clientOrderId: CLIENT_ID,
  state: 'FILLED',
  filledUnits: -1000,
  fillPriceQuote: 1.28379,
  tradeOpenedId: '6373',
  tradeIdsClosed: [],
  transactionIds: ['6372', '6373'],
  existing: true,
};

beforeEach(() => {
  sleeps.length = 0;
});

/** The venue filled the order but does not find it by client id: only its transaction log names it. */
const apiThatFindsTheOrderOnlyInTheLog = () => fakeApi({
  order: async (specifier: string) => {
    if (specifier === '6372') return { order: filledOrder, lastTransactionID: '6373' };
    throw notFound(specifier);
  },
  transactionsSince: async () => ({ transactions: [created, fill] satisfies V20Transaction[], lastTransactionID: '6373' }),
  transaction: async () => ({ transaction: fill, lastTransactionID: '6373' }),
});

describe('OandaBroker.placeOrder', () => {
  it('finds a filled order through the transactions since the last known id when the client id look-up misses', async () => {
    const api = apiThatFindsTheOrderOnlyInTheLog();
    expect(await broker(api).placeOrder(request, options)).toEqual(expectedExisting);
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`, 'transactionsSince(6371, …)', 'order(6372, …)', 'transaction(6373, …)']);
  });

  it('pages through the transactions until the venue\'s lastTransactionID before deciding', async () => {
    const pages: Record<string, { transactions: V20Transaction[]; lastTransactionID: string }> = {
      6369: { transactions: [unrelated('6370'), unrelated('6371')], lastTransactionID: '6373' },
      6371: { transactions: [created, fill], lastTransactionID: '6373' },
    };
    const api = fakeApi({
      order: async (specifier: string) => {
        if (specifier === '6372') return { order: filledOrder, lastTransactionID: '6373' };
        throw notFound(specifier);
      },
      transactionsSince: async (since: string) => pages[since],
      transaction: async () => ({ transaction: fill, lastTransactionID: '6373' }),
    });
    expect(await broker(api).placeOrder(request, { lastKnownTransactionId: '6369' })).toEqual(expectedExisting);
    expect(api.calls.slice(1, 3)).toEqual(['transactionsSince(6369, …)', 'transactionsSince(6371, …)']);
  });

  it('places the order when neither the client id nor the transaction log knows it', async () => {
    const api = fakeApi({
      order: async (specifier: string) => { throw notFound(specifier); },
      transactionsSince: async () => ({ transactions: [], lastTransactionID: '6371' }),
      createOrder: async () => filled,
    });
    const result = await broker(api).placeOrder(request, options);
    expect([result.existing, result.orderId, result.fillPriceQuote]).toEqual([false, '6372', 1.28379]);
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`, 'transactionsSince(6371, …)', 'createOrder(…, placeOrder USD_CAD client id wf-rebalance-7-usd-cad, …)']);
  });

  it('does not place anything when the look-up itself fails, so a retry decides later', async () => {
    const outage = new BrokerError('SERVER', { operation: `get order @${CLIENT_ID}`, httpStatus: 503 });
    const api = fakeApi({ order: async () => { throw outage; } });
    await expect(broker(api).placeOrder(request, options)).rejects.toBe(outage);
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`]);
  });

  it('refuses to run without the last known transaction id, before asking the venue anything', async () => {
    const api = fakeApi({});
    const refused = broker(api).placeOrder(request, { lastKnownTransactionId: undefined as unknown as string });
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION', retryable: false, message: expect.stringContaining('lastKnownTransactionId') });
    expect(api.calls).toEqual([]);
  });

  it('rethrows the rejection a reject transaction in the log records, not ORDER_NOT_FOUND', async () => {
    const rejected: V20Transaction = {
      id: '6372', type: 'MARKET_ORDER_REJECT', time: created.time, instrument: 'USD_CAD', units: '-1000',
      clientExtensions: { id: CLIENT_ID }, rejectReason: 'STOP_LOSS_ON_FILL_PRICE_PRECISION_EXCEEDED',
    };
    const api = fakeApi({
      order: async (specifier: string) => { throw notFound(specifier); },
      transactionsSince: async () => ({ transactions: [rejected], lastTransactionID: '6372' }),
    });
    const error = await broker(api).placeOrder(request, options).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VALIDATION', retryable: false, rejectReason: 'STOP_LOSS_ON_FILL_PRICE_PRECISION_EXCEEDED' });
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`, 'transactionsSince(6371, …)']);
  });

  it('treats CLIENT_TRADE_ID_ALREADY_EXISTS as "placed before" and finds the order through the open trade', async () => {
    let lookups = 0;
    const api = fakeApi({
      order: async (specifier: string) => {
        lookups += 1;
        if (specifier === '6372') return { order: filledOrder, lastTransactionID: '6380' };
        throw notFound(specifier);
      },
      // The order is older than the caller's last known id, so the log since then does not show it.
      transactionsSince: async () => ({ transactions: [], lastTransactionID: '6380' }),
      createOrder: async () => {
        throw new BrokerError('VALIDATION', { operation: 'placeOrder', httpStatus: 400, rejectReason: 'CLIENT_TRADE_ID_ALREADY_EXISTS' });
      },
      trade: async () => ({ trade: { id: '6373' }, lastTransactionID: '6380' }),
      transaction: async () => ({ transaction: fill, lastTransactionID: '6380' }),
    });
    expect(await broker(api).placeOrder(request, { lastKnownTransactionId: '6379' })).toEqual(expectedExisting);
    expect(lookups).toBe(3);
    expect(api.calls.slice(-4)).toEqual([`trade(@${CLIENT_ID}, …)`, 'transaction(6373, …)', 'order(6372, …)', 'transaction(6373, …)']);
  });

  it('re-checks after a settle delay when the answer to the POST is lost, and returns the order the venue placed', async () => {
    let posted = false;
    const api = fakeApi({
      order: async (specifier: string) => {
        if (posted || specifier === '6372') return { order: filledOrder, lastTransactionID: '6373' };
        throw notFound(specifier);
      },
      transactionsSince: async () => ({ transactions: [], lastTransactionID: '6371' }),
      createOrder: async () => {
        posted = true;
        throw new BrokerError('NETWORK', { operation: 'placeOrder', brokerMessage: 'ECONNRESET: socket hang up' });
      },
      transaction: async () => ({ transaction: fill, lastTransactionID: '6373' }),
    });
    expect(await broker(api).placeOrder(request, options)).toEqual(expectedExisting);
    expect(sleeps).toEqual([750]);
    expect(api.calls.filter((call) => call.startsWith('createOrder'))).toHaveLength(1);
  });

  it('reports the lost answer as retryable only when the re-check finds nothing', async () => {
    const lost = new BrokerError('TIMEOUT', { operation: 'placeOrder', brokerMessage: 'no complete answer within 5000 ms' });
    const api = fakeApi({
      order: async (specifier: string) => { throw notFound(specifier); },
      transactionsSince: async () => ({ transactions: [], lastTransactionID: '6371' }),
      createOrder: async () => { throw lost; },
    });
    await expect(broker(api).placeOrder(request, options)).rejects.toBe(lost);
    expect(lost.retryable).toBe(true);
    expect(sleeps).toEqual([750]);
    expect(api.calls.filter((call) => call.startsWith('transactionsSince'))).toHaveLength(2);
  });

  it('refuses an order found under the client id that is not the order asked for, naming both', async () => {
    const api = fakeApi({ order: async () => ({ order: filledOrder, lastTransactionID: '6373' }) });
    const error = (await broker(api).placeOrder({ ...request, units: -2000 }, options).catch((caught: unknown) => caught)) as BrokerError;
    expect(error).toMatchObject({ code: 'CLIENT_ORDER_ID_MISMATCH', retryable: false });
    expect(error.message).toContain('venue order 6372 (MARKET -1000 USD_CAD)');
    expect(error.message).toContain('(MARKET -2000 USD_CAD)');
  });
});

describe('OandaBroker.placeOrder deadline and abort', () => {
  /** A venue that never answers; each request ends only when its signal aborts, with the signal's reason. */
  const hangingApi = () => fakeApi({
    order: (_specifier: string, signal: AbortSignal) => new Promise((_resolve, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason));
    }),
  });

  it('ends a placement that outlives its deadline with a retryable TIMEOUT', async () => {
    const api = hangingApi();
    const error = (await new OandaBroker(api, pacing, { deadlineMs: 30 }).placeOrder(request, options).catch((caught: unknown) => caught)) as BrokerError;
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(error.message).toContain('placement did not finish within 30 ms');
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`]);
  });

  it('stops at once when the caller aborts, with the caller\'s reason', async () => {
    const cancelled = new Error('activity cancelled');
    const controller = new AbortController();
    const placing = broker(hangingApi()).placeOrder(request, { ...options, signal: controller.signal });
    controller.abort(cancelled);
    await expect(placing).rejects.toBe(cancelled);
  });
});

describe('OandaBroker.cancelOrder after a lost answer', () => {
  const pendingLimit: V20Order = { ...filledOrder, type: 'LIMIT', price: '1.20000', fillingTransactionID: undefined, tradeOpenedID: undefined };
  const gone = () => new BrokerError('ORDER_NOT_FOUND', { operation: 'cancel order', httpStatus: 404, rejectReason: 'ORDER_DOESNT_EXIST' });

  it('succeeds when the order is already cancelled, with the cancelling transaction', async () => {
    const api = fakeApi({
      cancelOrder: async () => { throw gone(); },
      order: async () => ({ order: { ...pendingLimit, state: 'CANCELLED', cancellingTransactionID: '6380' }, lastTransactionID: '6380' }),
    });
    expect(await broker(api).cancelOrder({ clientOrderId: CLIENT_ID })).toEqual({ orderId: '6372', cancelTransactionId: '6380' });
  });

  it('says ORDER_ALREADY_FILLED, not retryable, when the order filled first', async () => {
    const api = fakeApi({ cancelOrder: async () => { throw gone(); }, order: async () => ({ order: filledOrder, lastTransactionID: '6373' }) });
    const error = (await broker(api).cancelOrder({ orderId: '6372' }).catch((caught: unknown) => caught)) as BrokerError;
    expect(error).toMatchObject({ code: 'ORDER_ALREADY_FILLED', retryable: false });
    expect(error.message).toContain('order 6372 filled (transaction 6373)');
  });
});

describe('OandaBroker.lookUpOrder', () => {
  it('finds an order as placeOrder does, by client id then in the transaction log, and never sends one', async () => {
    const api = apiThatFindsTheOrderOnlyInTheLog();
    expect(await broker(api).lookUpOrder(CLIENT_ID, options)).toEqual(expectedExisting);
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`, 'transactionsSince(6371, …)', 'order(6372, …)', 'transaction(6373, …)']);
  });

  it('answers undefined when the venue never received the order, and looks by client id only without a last known id', async () => {
    const api = fakeApi({
      order: async (specifier: string) => { throw notFound(specifier); },
      transactionsSince: async () => ({ transactions: [unrelated('6372')], lastTransactionID: '6372' }),
    });
    expect(await broker(api).lookUpOrder(CLIENT_ID, options)).toBeUndefined();
    expect(await broker(api).lookUpOrder(CLIENT_ID, {})).toBeUndefined();
    expect(api.calls).toEqual([`order(@${CLIENT_ID}, …)`, 'transactionsSince(6371, …)', `order(@${CLIENT_ID}, …)`]);
  });

  it('throws the rejection of an order the venue refused, as the placement did', async () => {
    const rejected: V20Transaction = {
      id: '6372', type: 'MARKET_ORDER_REJECT', time: created.time, instrument: 'USD_CAD', units: '-1000', clientExtensions: { id: CLIENT_ID }, rejectReason: 'INSUFFICIENT_MARGIN',
    };
    const api = fakeApi({
      order: async (specifier: string) => { throw notFound(specifier); },
      transactionsSince: async () => ({ transactions: [rejected], lastTransactionID: '6372' }),
    });
    await expect(broker(api).lookUpOrder(CLIENT_ID, options)).rejects.toMatchObject({ retryable: false, rejectReason: 'INSUFFICIENT_MARGIN' });
  });
});
