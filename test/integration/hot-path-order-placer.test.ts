import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { OrderIntent } from '../../domain/execution/engine-types';
import { marketOrderRequest } from '../../domain/execution/order-intent';
import { instrumentSpec } from '../../domain/market';
import type { TradingState } from '../../domain/risk/trading-state';
import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import { loadConfig } from '../../infra/config';
import type { HotPathRecord } from '../../infra/db/queries/hot-path';
import { insertSubmittingOrder } from '../../infra/db/queries/orders';
import { createHotPathMetrics } from '../../workers/hot-path/metrics';
import { OrderPlacer } from '../../workers/hot-path/order-placer';
import { startDelayingProxy, type DelayingProxy } from '../helpers/delaying-proxy';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';

jest.setTimeout(60_000);

/**
 * The hot path's order placer against real Postgres and the simulator (behind a proxy that holds order requests or
 * their answers): its row is written before the venue is asked, and once trading stops, an order of unknown outcome
 * is only looked up, never sent again.
 */
describe('hot-path order placer after a halt', () => {
  const venue = useSimulatorWithDatabase('hot_path_order_placer', 47);
  let proxy: DelayingProxy;
  let tradingState: TradingState;
  const records: HotPathRecord[] = [];
  const heard: string[] = [];
  const logged: string[] = [];

  beforeAll(async () => {
    proxy = await startDelayingProxy(venue.sim.url);
  });
  afterAll(async () => proxy?.close());
  beforeEach(() => {
    tradingState = 'ACTIVE';
    records.length = 0;
    heard.length = 0;
    logged.length = 0;
    proxy.hold('none', 0);
  });

  /** A placer whose placements give up after a second, as production's do after 20 s. */
  function placer(): OrderPlacer {
    const broker = createBroker(loadConfig({ BROKER_URL: proxy.url }).broker, { placementTiming: { deadlineMs: 1_000, settleDelayMs: 50 } });
    return new OrderPlacer({
      broker,
      lastTransactionId: () => lastTransactionId,
      writeAhead: (row) => insertSubmittingOrder(venue.database.db, row),
      record: (record) => records.push(record),
      tradingState: () => tradingState,
      onRejected: (rejection) => heard.push(`rejected ${rejection.reason}`),
      onAbandoned: (clientOrderId) => heard.push(`abandoned ${clientOrderId}`),
      metrics: createHotPathMetrics(new Registry()),
      logger: pino({ level: 'warn' }, { write: (line: string) => logged.push((JSON.parse(line) as { msg: string }).msg) }),
      clock: Date.now,
      signal: new AbortController().signal,
    });
  }

  let lastTransactionId: string;
  async function intent(units: number, positionUnitsBefore = 0): Promise<OrderIntent> {
    lastTransactionId = (await venue.broker.accountSummary()).lastTransactionId;
    const fields: Omit<OrderIntent, 'request'> = {
      clientOrderId: `hp-test-${randomUUID()}`, accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units, positionUnitsBefore, targetUnits: positionUnitsBefore + units,
      purpose: 'open', barTimeMs: 0, decidedAtMs: Date.now(), referencePriceQuote: 1.1, stopDistanceQuote: Number.NaN, takeProfitPriceQuote: Number.NaN,
      strategy: 'ma-crossover', paramsVersion: '1',
    };
    return { ...fields, request: marketOrderRequest(fields, instrumentSpec('EUR_USD')) };
  }
  const row = async (clientOrderId: string) => (await venue.database.pool.query('select status, last_known_transaction_id from orders where client_order_id = $1', [clientOrderId])).rows[0];
  const venueOrders = async (clientOrderId: string) => (await venue.broker.transactionsSince(lastTransactionId)).transactions.filter((t) => t.type === 'MARKET_ORDER' && t.clientOrderId === clientOrderId);

  it('an order whose answer was lost is looked up after the halt, found filled, and never sent a second time', async () => {
    const order = await intent(1_000);
    proxy.hold('response', 3_000);
    const sentBefore = proxy.forwarded;
    const placing = placer().place(order, process.hrtime.bigint());
    // The venue has the order and is filling it; the halt comes before its answer does.
    await waitFor('the order at the venue', async () => (proxy.forwarded > sentBefore ? true : undefined), 10_000, 10);
    expect(await row(order.clientOrderId)).toEqual({ status: 'submitting', last_known_transaction_id: lastTransactionId });
    tradingState = 'HALTED';
    await placing;

    expect(proxy.forwarded - sentBefore).toBe(1);
    const atVenue = await venueOrders(order.clientOrderId);
    expect(atVenue).toHaveLength(1);
    expect(records).toEqual([{ kind: 'order-result', clientOrderId: order.clientOrderId, update: expect.objectContaining({ status: 'filled', brokerOrderId: atVenue[0]!.orderId, filledUnits: 1_000 }) }]);
    expect(heard).toEqual([]);
    expect(logged).toContain('trading is HALTED: an order of unknown outcome was looked up, not sent again');
  });

  it('an order that never reached the venue is not sent again after REDUCING when it adds exposure', async () => {
    const order = await intent(2_000);
    proxy.hold('request', 3_000, undefined, { dropIfSenderDies: true });
    const sentBefore = proxy.forwarded;
    const placing = placer().place(order, process.hrtime.bigint());
    await waitFor('the order written ahead', async () => ((await row(order.clientOrderId))?.status === 'submitting' ? true : undefined), 10_000, 10);
    tradingState = 'REDUCING';
    await placing;

    expect(proxy.forwarded).toBe(sentBefore);
    expect(await venueOrders(order.clientOrderId)).toEqual([]);
    expect(records).toEqual([{ kind: 'order-result', clientOrderId: order.clientOrderId, update: { status: 'cancelled', rejectReason: 'TRADING_REDUCING: never reached the venue, and not sent again' } }]);
    expect(heard).toEqual([`abandoned ${order.clientOrderId}`]);
  });

  it('an order decided before a halt that arrived before it was sent is written, closed, and never sent', async () => {
    const order = await intent(3_000);
    tradingState = 'HALTED';
    const sentBefore = proxy.forwarded;
    await placer().place(order, process.hrtime.bigint());
    expect(proxy.forwarded).toBe(sentBefore);
    expect((await row(order.clientOrderId))?.status).toBe('submitting');
    expect(records).toEqual([{ kind: 'order-result', clientOrderId: order.clientOrderId, update: { status: 'cancelled', rejectReason: 'TRADING_HALTED: stopped before it was sent' } }]);
    expect(heard).toEqual([`abandoned ${order.clientOrderId}`]);
  });

  it('a reducing order of unknown outcome is still sent again while REDUCING, and found rather than doubled', async () => {
    const order = await intent(-500, 1_000);
    proxy.hold('response', 3_000);
    const sentBefore = proxy.forwarded;
    tradingState = 'REDUCING';
    await placer().place(order, process.hrtime.bigint());
    expect(proxy.forwarded - sentBefore).toBeGreaterThanOrEqual(1);
    expect(await venueOrders(order.clientOrderId)).toHaveLength(1);
    expect(records.at(-1)).toEqual({ kind: 'order-result', clientOrderId: order.clientOrderId, update: expect.objectContaining({ status: 'filled', filledUnits: -500 }) });
  });
});
