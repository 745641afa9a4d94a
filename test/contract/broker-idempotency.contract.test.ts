/**
 * Exactly-once placement against the simulator with OANDA's client-id rule in force (a client id is refused only
 * while a pending order or an open trade holds it): a repeated closing order is accepted by the venue, so only the
 * adapter's own look-ups keep a retry from closing twice.
 */
import type { InstrumentName } from '../../domain/market';
import { clientOrderId, expectBrokerError, ordersCreatedWithClientId, placementOptions } from './helpers/broker-expectations';
import { simulatorTarget } from './helpers/broker-targets';
import type { BrokerTarget } from './helpers/broker-targets';

describe('placement is exactly once with OANDA\'s client-id rule (simulator)', () => {
  let target: BrokerTarget;
  beforeAll(async () => {
    target = await simulatorTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  const netUnits = async (instrument: InstrumentName): Promise<number> =>
    (await target.broker.openPositions()).find((position) => position.instrument === instrument)?.netUnits ?? 0;

  async function openLong(instrument: InstrumentName, units: number): Promise<void> {
    await target.broker.placeOrder({ type: 'MARKET', clientOrderId: clientOrderId('open'), instrument, units }, await placementOptions(target.broker));
    expect(await netUnits(instrument)).toBe(units);
  }

  it('retries of a closing order, one after another, fill it once and leave the position flat', async () => {
    await openLong('USD_CHF', 1000);
    const options = await placementOptions(target.broker);
    const close = { type: 'MARKET' as const, clientOrderId: clientOrderId('close-seq'), instrument: 'USD_CHF', units: -1000 };
    const first = await target.broker.placeOrder(close, options);
    const retries = [await target.broker.placeOrder(close, options), await target.broker.placeOrder(close, options)];
    expect(first).toMatchObject({ state: 'FILLED', filledUnits: -1000, existing: false });
    expect(retries.map((retry) => [retry.orderId, retry.filledUnits, retry.existing])).toEqual([[first.orderId, -1000, true], [first.orderId, -1000, true]]);
    expect(await ordersCreatedWithClientId(target.broker, options.lastKnownTransactionId, close.clientOrderId)).toBe(1);
    expect(await netUnits('USD_CHF')).toBe(0);
  });

  it('concurrent attempts of a closing order fill it once and leave the position flat (the reviewer\'s close-b case)', async () => {
    await openLong('USD_CAD', 1000);
    const options = await placementOptions(target.broker);
    const close = { type: 'MARKET' as const, clientOrderId: clientOrderId('close-b'), instrument: 'USD_CAD', units: -1000 };
    const results = await Promise.all([target.broker.placeOrder(close, options), target.broker.placeOrder(close, options)]);
    expect(new Set(results.map((result) => result.orderId)).size).toBe(1);
    expect(results.map((result) => result.existing).sort()).toEqual([false, true]);
    expect(await ordersCreatedWithClientId(target.broker, options.lastKnownTransactionId, close.clientOrderId)).toBe(1);
    expect(await netUnits('USD_CAD')).toBe(0);
  });

  it('concurrent and sequential attempts of an opening order fill it once', async () => {
    const options = await placementOptions(target.broker);
    const open = { type: 'MARKET' as const, clientOrderId: clientOrderId('open-race'), instrument: 'AUD_USD', units: 700 };
    const raced = await Promise.all([target.broker.placeOrder(open, options), target.broker.placeOrder(open, options), target.broker.placeOrder(open, options)]);
    const later = await target.broker.placeOrder(open, options);
    expect(new Set([...raced, later].map((result) => result.orderId)).size).toBe(1);
    expect(await ordersCreatedWithClientId(target.broker, options.lastKnownTransactionId, open.clientOrderId)).toBe(1);
    expect(await netUnits('AUD_USD')).toBe(700);
  });

  it('a partial close whose answer is lost closes once: the same call and a retry both report the one fill', async () => {
    await openLong('EUR_JPY', 2000);
    const options = await placementOptions(target.broker);
    const partial = { instrument: 'EUR_JPY', longUnits: 1000, clientOrderId: clientOrderId('part'), ...options };
    target.faults!.loseNextResponse('PUT', /\/positions\/EUR_JPY\/close$/);
    const recovered = await target.broker.closePosition(partial);
    const retried = await target.broker.closePosition(partial);
    expect(recovered.closedUnits).toBe(-1000);
    expect(retried).toEqual(recovered);
    expect(await ordersCreatedWithClientId(target.broker, options.lastKnownTransactionId, partial.clientOrderId)).toBe(1);
    expect(await netUnits('EUR_JPY')).toBe(1000);
  });

  it('a retried order that the venue rejected fails with the same rejection, not ORDER_NOT_FOUND', async () => {
    const options = await placementOptions(target.broker);
    const [quote] = await target.broker.prices(['EUR_USD']);
    const request = {
      type: 'LIMIT' as const, clientOrderId: clientOrderId('gtd-past'), instrument: 'EUR_USD', units: 100,
      priceQuote: Number((quote!.bid * 0.9).toFixed(5)), timeInForce: 'GTD' as const, gtdTimeMs: Date.now() - 3_600_000,
    };
    const first = await expectBrokerError(target.broker.placeOrder(request, options), 'VALIDATION', false);
    const again = await expectBrokerError(target.broker.placeOrder(request, options), 'VALIDATION', false);
    expect([first.rejectReason, again.rejectReason]).toEqual(['TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST', 'TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST']);
  });

  it('refuses a request whose client id names a different order, without placing it', async () => {
    const options = await placementOptions(target.broker);
    const id = clientOrderId('mismatch');
    await target.broker.placeOrder({ type: 'MARKET', clientOrderId: id, instrument: 'GBP_USD', units: 100 }, options);
    const error = await expectBrokerError(target.broker.placeOrder({ type: 'MARKET', clientOrderId: id, instrument: 'GBP_USD', units: 200 }, options), 'CLIENT_ORDER_ID_MISMATCH', false);
    expect(error.message).toContain('(MARKET 100 GBP_USD)');
    expect(await ordersCreatedWithClientId(target.broker, options.lastKnownTransactionId, id)).toBe(1);
  });

  it('a cancel retried after its answer was lost succeeds with the one cancel; cancelling a filled order says so', async () => {
    const options = await placementOptions(target.broker);
    const [quote] = await target.broker.prices(['EUR_USD']);
    const id = clientOrderId('cancel-lost');
    const placed = await target.broker.placeOrder({ type: 'LIMIT', clientOrderId: id, instrument: 'EUR_USD', units: 100, priceQuote: Number((quote!.bid * 0.9).toFixed(5)) }, options);
    target.faults!.loseNextResponse('PUT', /\/cancel$/);
    await expectBrokerError(target.broker.cancelOrder({ clientOrderId: id }), 'NETWORK', true);
    const retried = await target.broker.cancelOrder({ clientOrderId: id });
    expect(retried.orderId).toBe(placed.orderId);
    const cancels = (await target.broker.transactionsSince(options.lastKnownTransactionId)).transactions.filter((t) => t.type === 'ORDER_CANCEL' && t.orderId === placed.orderId);
    expect(cancels.map((t) => t.transactionId)).toEqual([retried.cancelTransactionId]);

    const filledId = clientOrderId('cancel-filled');
    await target.broker.placeOrder({ type: 'MARKET', clientOrderId: filledId, instrument: 'EUR_USD', units: 100 }, options);
    await expectBrokerError(target.broker.cancelOrder({ clientOrderId: filledId }), 'ORDER_ALREADY_FILLED', false);
  });
});
