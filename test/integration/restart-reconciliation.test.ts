import { randomUUID } from 'node:crypto';
import { insertSubmittingOrder, updateOrderResult } from '../../infra/db/queries/orders';
import { recordPositionSnapshots } from '../../infra/db/queries/positions';
import { createLogger } from '../../infra/logging';
import { reconcileOnRestart } from '../../infra/reconciliation/restart-reconciliation';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';

jest.setTimeout(60_000);

/** What the orchestration worker does before it trades: Postgres brought up to the broker, every difference audited. */
describe('restart reconciliation', () => {
  const venue = useSimulatorWithDatabase('restart_reconciliation', 41);

  const row = (clientOrderId: string, units: number, type = 'MARKET', source: 'workflow' | 'hot_path' = 'workflow') =>
    insertSubmittingOrder(venue.database.db, { clientOrderId, accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units, type, source, workflowId: 'wf-crashed', runId: 'run-crashed' });

  it('settles orders the crash left unsettled (not younger ones), records the broker positions, and audits each difference', async () => {
    const { broker, database } = venue;
    const { lastTransactionId } = await broker.accountSummary();
    const filledId = `filled-${randomUUID()}`;
    const lostId = `lost-${randomUUID()}`;
    const restingId = `resting-${randomUUID()}`;
    // The worker died after the broker filled this one, before the row was updated.
    await row(filledId, 1_000);
    const filled = await broker.placeOrder({ type: 'MARKET', clientOrderId: filledId, instrument: 'EUR_USD', units: 1_000 }, { lastKnownTransactionId: lastTransactionId });
    // ... and before this one reached the broker.
    await row(lostId, 2_000);
    await row(restingId, 500, 'LIMIT');
    const resting = await broker.placeOrder({ type: 'LIMIT', clientOrderId: restingId, instrument: 'EUR_USD', units: 500, priceQuote: 0.5, timeInForce: 'GTC' }, { lastKnownTransactionId: lastTransactionId });
    await updateOrderResult(database.db, restingId, { status: 'pending', brokerOrderId: resting.orderId });
    // The hot path's own rows are its to settle (one may be in flight right now): the worker leaves them alone.
    const hotPathId = `hp-${randomUUID()}`;
    await row(hotPathId, 700, 'MARKET', 'hot_path');
    await recordPositionSnapshots(database.db, [{ accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', netUnits: 0, unrealizedPl: 0 }]);
    // The crash was a minute ago; this row was written since, by another worker whose attempt may be in flight now.
    await database.pool.query(`update orders set updated_at = now() - interval '1 minute'`);
    const youngId = `young-${randomUUID()}`;
    await row(youngId, 300);

    const result = await reconcileOnRestart({ database, broker, logger: createLogger('reconciliation-test', 'silent') });

    expect(result).toEqual({
      accountId: SIM_ACCOUNT_ID,
      ordersChecked: 3,
      orderDifferences: expect.arrayContaining([
        { clientOrderId: filledId, before: 'submitting', after: 'filled' },
        { clientOrderId: lostId, before: 'submitting', after: 'cancelled' },
      ]),
      positionDifferences: [{ instrument: 'EUR_USD', snapshotUnits: 0, brokerUnits: 1_000 }],
    });
    expect(result.orderDifferences).toHaveLength(2);
    const rows = (await database.pool.query('select client_order_id, status, broker_order_id, filled_units::float8 as filled, reject_reason from orders order by id')).rows;
    expect(rows).toEqual([
      { client_order_id: filledId, status: 'filled', broker_order_id: filled.orderId, filled: 1_000, reject_reason: null },
      { client_order_id: lostId, status: 'cancelled', broker_order_id: null, filled: null, reject_reason: 'NOT_AT_BROKER_ON_RESTART' },
      { client_order_id: restingId, status: 'pending', broker_order_id: resting.orderId, filled: null, reject_reason: null },
      { client_order_id: hotPathId, status: 'submitting', broker_order_id: null, filled: null, reject_reason: null },
      { client_order_id: youngId, status: 'submitting', broker_order_id: null, filled: null, reject_reason: null },
    ]);
    const [latest] = (await database.pool.query(`select net_units, workflow_id from position_snapshots where instrument = 'EUR_USD' order by id desc limit 1`)).rows;
    expect(latest).toEqual({ net_units: 1_000, workflow_id: 'restart-reconciliation' });
    const audit = (await database.pool.query(`select action, subject_id from audit_events where actor = 'restart-reconciliation' order by id`)).rows;
    expect(audit).toEqual([
      { action: 'reconciliation.order_corrected', subject_id: filledId },
      { action: 'reconciliation.order_corrected', subject_id: lostId },
      { action: 'reconciliation.position_corrected', subject_id: SIM_ACCOUNT_ID },
      { action: 'reconciliation.completed', subject_id: SIM_ACCOUNT_ID },
    ]);

    // A second start finds nothing left to correct.
    const again = await reconcileOnRestart({ database, broker, logger: createLogger('reconciliation-test', 'silent') });
    expect(again).toMatchObject({ ordersChecked: 1, orderDifferences: [], positionDifferences: [] });
  });
});
