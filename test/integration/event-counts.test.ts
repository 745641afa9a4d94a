import type { DatabaseHandle } from '../../infra/db/client';
import { insertSubmittingOrder, updateOrderResult } from '../../infra/db/queries/orders';
import { upsertFills } from '../../infra/db/queries/fills';
import { readOperationalFigures } from '../../infra/db/queries/operational-figures';
import { auditEvents } from '../../infra/db/schema';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

/** The totals the worker exports as counters, kept by Postgres triggers as rows are written by any process. */
describe('event counts kept by triggers', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('event_counts'));
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const order = (clientOrderId: string, source: 'workflow' | 'hot_path') => ({ clientOrderId, accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units: 1000, type: 'MARKET', source, lastKnownTransactionId: '1' });
  // The broker's time of the transaction: every writer records the same.
  const filledAt = new Date();
  const fill = (transactionId: string, source: 'venue' | 'workflow', reason: string) => ({
    accountId: SIM_ACCOUNT_ID, transactionId, instrument: 'EUR_USD', units: 1000, priceQuote: 1.1, reason, filledAt, source,
  });

  it('counts each status an order enters once, by source and reason, and a retried write not again', async () => {
    await insertSubmittingOrder(database.db, order('c-1', 'workflow'));
    await insertSubmittingOrder(database.db, order('c-1', 'workflow'));
    await updateOrderResult(database.db, 'c-1', { status: 'filled', filledUnits: 1000, fillPrice: 1.1 });
    await updateOrderResult(database.db, 'c-1', { status: 'filled', filledUnits: 1000, fillPrice: 1.1 });
    await insertSubmittingOrder(database.db, order('h-1', 'hot_path'));
    await updateOrderResult(database.db, 'h-1', { status: 'rejected', rejectReason: 'INSUFFICIENT_MARGIN' });

    const { orderCounts } = await readOperationalFigures(database.db);
    expect(orderCounts).toEqual(expect.arrayContaining([
      { source: 'workflow', status: 'submitting', reason: '', count: 1 },
      { source: 'workflow', status: 'filled', reason: '', count: 1 },
      { source: 'hot_path', status: 'submitting', reason: '', count: 1 },
      { source: 'hot_path', status: 'rejected', reason: 'INSUFFICIENT_MARGIN', count: 1 },
    ]));
    expect(orderCounts).toHaveLength(4);
  });

  it('counts a fill once by reason, however often it is recorded and whoever it is later attributed to', async () => {
    await upsertFills(database.db, [fill('10', 'venue', 'MARKET_ORDER'), fill('11', 'venue', 'STOP_LOSS_ORDER')]);
    await upsertFills(database.db, [fill('10', 'workflow', 'MARKET_ORDER')]);
    const { fills } = await readOperationalFigures(database.db);
    expect(fills).toEqual(expect.arrayContaining([{ reason: 'MARKET_ORDER', count: 1 }, { reason: 'STOP_LOSS_ORDER', count: 1 }]));
    expect(fills).toHaveLength(2);
    await expect(upsertFills(database.db, [{ ...fill('10', 'workflow', 'MARKET_ORDER'), filledAt: new Date(filledAt.getTime() + 1) }]))
      .rejects.toMatchObject({ cause: { message: expect.stringMatching(/recorded already with another filled_at/) } });
  });

  it('counts breaker trips from the audit log, by scope and breaker', async () => {
    const trip = { actor: 'risk-monitor', action: 'circuit_breaker.tripped', subjectType: 'trading_scope', subjectId: SIM_ACCOUNT_ID, details: { breaker: 'daily_loss' } };
    await database.db.insert(auditEvents).values([trip, trip, { ...trip, action: 'circuit_breaker.reset' }]);
    expect((await readOperationalFigures(database.db)).trips).toEqual([{ scope: SIM_ACCOUNT_ID, breaker: 'daily_loss', count: 2 }]);
  });
});
