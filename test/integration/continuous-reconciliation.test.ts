import { MockActivityEnvironment } from '@temporalio/testing';
import { createBrokerActivities } from '../../activities/broker/broker-activities';
import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { reconcilerWorkflowId } from '../../workflows/definitions/reconciler';
import { maybeRecordHistory } from '../helpers/record-history';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(240_000);

interface Mismatch { id: number; kind: string; instrument: string; tradeId: string; brokerUnits: number; bookUnits: number }
interface AccountReconciliation { accountId: string; runs: number; ordersSettled: number; openMismatches: number; mismatches: Mismatch[] }

/**
 * The continuous reconciler on the real stack (dev server, Postgres, the worker and api processes, the simulator
 * over HTTP): it settles an order whose answer was lost and that nobody retries, and flags a trade placed outside
 * the product, tripping the account to REDUCING until an admin accepts the broker's figure.
 */
describe('continuous reconciliation', () => {
  let stack: RealStack;
  let broker: OandaBroker;
  const sql = async (text: string, values: unknown[] = []) => (await stack.database.pool.query(text, values)).rows as Array<Record<string, unknown>>;
  const reconciliation = async (): Promise<AccountReconciliation | undefined> => {
    const body = await (await stack.fetchApi('/api/reconciliation')).json() as { accounts: AccountReconciliation[] };
    return body.accounts.find((account) => account.accountId === SIM_ACCOUNT_ID);
  };
  const tradingState = async () => ((await (await stack.fetchApi(`/api/risk/${SIM_ACCOUNT_ID}`)).json()) as { tradingState: { state: string } }).tradingState.state;

  beforeAll(async () => {
    stack = await startRealStack('continuous_reconciliation', { seed: 23, env: { SCHEDULES_ENABLED: 'false', RECONCILER_INTERVAL_MS: '1000' } });
    broker = createBroker(loadConfig({ BROKER_URL: stack.sim.url }).broker);
    await waitFor('the reconciler\'s first run', async () => ((await reconciliation())?.runs ?? 0) > 0 || undefined, 60_000);
  }, 180_000);

  afterAll(async () => {
    broker?.close();
    await stack?.stop();
  });

  it('settles a placement whose answer was lost and whose retries are exhausted to what the venue holds', async () => {
    const { lastTransactionId } = await broker.accountSummary();
    stack.sim.faults.loseNextResponse('POST', /\/orders$/);
    // A deadline that passes before the attempt may look the lost order up: it ends on the lost answer, outcome unknown.
    const impatient = createBroker(loadConfig({ BROKER_URL: stack.sim.url }).broker, { placementTiming: { deadlineMs: 300, settleDelayMs: 5_000 } });
    const activities = createBrokerActivities({ database: stack.database, brokers: accountBrokers([impatient]), clock: Date.now });
    // One attempt and no retry: the workflow that made it has given up (order_failed) with the row still submitting.
    await expect(new MockActivityEnvironment({ workflowExecution: { workflowId: 'lost-answer', runId: 'run' } }).run(() => activities.placeOrder({
      accountId: SIM_ACCOUNT_ID, clientOrderId: 'lost-answer-1', instrument: 'EUR_USD', units: 1_000, reducing: false, lastKnownTransactionId: lastTransactionId,
    }))).rejects.toThrow(/NETWORK/);
    impatient.close();
    expect(await sql(`select status from orders where client_order_id = 'lost-answer-1'`)).toEqual([{ status: 'submitting' }]);
    expect((await broker.openPositions()).find((position) => position.instrument === 'EUR_USD')?.netUnits).toBe(1_000);

    const [settled] = await waitFor('the reconciler to settle the row', async () => {
      const rows = await sql(`select status, filled_units::float as "filledUnits", broker_order_id as "brokerOrderId" from orders where client_order_id = 'lost-answer-1' and status <> 'submitting'`);
      return rows.length > 0 ? rows : undefined;
    }, 120_000, 250);
    expect(settled).toMatchObject({ status: 'filled', filledUnits: 1_000, brokerOrderId: expect.any(String) });
    const [audit] = await sql(`select actor, reason from audit_events where action = 'reconciliation.order_settled' and subject_id = 'lost-answer-1'`);
    expect(audit).toMatchObject({ actor: 'reconciler', reason: expect.stringContaining('submitting in Postgres') });
    // The trade it opened is the product's own: nothing unexplained, trading untouched.
    const after = await waitFor('a run after the settlement', async () => {
      const now = await reconciliation();
      return now && now.ordersSettled >= 1 ? now : undefined;
    }, 30_000);
    expect(after.mismatches).toEqual([]);
    expect(await tradingState()).toBe('ACTIVE');
  });

  it('flags a trade placed directly at the venue, trips the account to REDUCING, and re-arms once an admin accepts it', async () => {
    const response = await fetch(`${stack.sim.url}/v3/accounts/${SIM_ACCOUNT_ID}/orders`, {
      method: 'POST', headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ order: { type: 'MARKET', instrument: 'GBP_USD', units: '-2500', timeInForce: 'FOK', positionFill: 'DEFAULT' } }),
    });
    const placed = await response.json() as { orderFillTransaction: { tradeOpened: { tradeID: string } } };
    expect(response.status).toBe(201);
    const tradeId = placed.orderFillTransaction.tradeOpened.tradeID;

    const flagged = await waitFor('the manual trade to be flagged', async () => {
      const now = await reconciliation();
      return now && now.mismatches.length === 2 ? now.mismatches : undefined;
    }, 30_000, 100);
    expect(flagged).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'unexplained_trade', instrument: 'GBP_USD', tradeId, brokerUnits: -2_500, bookUnits: 0 }),
      expect.objectContaining({ kind: 'units_differ', instrument: 'GBP_USD', tradeId: '', brokerUnits: -2_500, bookUnits: 0 }),
    ]));
    await waitFor('the account to be REDUCING', async () => ((await tradingState()) === 'REDUCING' ? true : undefined), 30_000, 100);
    const found = await sql(`select actor, reason from audit_events where action = 'reconciliation.mismatch_found' and subject_id = $1`, [SIM_ACCOUNT_ID]);
    expect(found).toHaveLength(2);
    const metrics = await (await fetch(`http://127.0.0.1:${stack.env.WORKER_METRICS_PORT}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`reconciliation_open_mismatches\\{[^}]*account="${SIM_ACCOUNT_ID}"[^}]*\\} 2`));

    const viewerRefused = await stack.fetchApi(`/api/reconciliation/mismatches/${flagged[0]!.id}/accept`, { body: { reason: 'x' }, headers: { authorization: 'Bearer nope' } });
    expect(viewerRefused.status).toBe(401);
    for (const mismatch of flagged) {
      const accepted = await stack.fetchApi(`/api/reconciliation/mismatches/${mismatch.id}/accept`, { body: { reason: 'desk hedge placed by hand' } });
      expect(accepted.status).toBe(200);
    }
    const again = await stack.fetchApi(`/api/reconciliation/mismatches/${flagged[0]!.id}/accept`, { body: { reason: 'twice' } });
    expect(again.status).toBe(409);
    await waitFor('the account to be ACTIVE again', async () => ((await tradingState()) === 'ACTIVE' ? true : undefined), 30_000, 100);
    const settledRun = await waitFor('a run with nothing open', async () => {
      const now = await reconciliation();
      return now && now.openMismatches === 0 ? now : undefined;
    }, 30_000, 100);
    expect(settledRun.mismatches).toEqual([]);
    const acceptedBy = await sql(`select actor from audit_events where action = 'reconciliation.mismatch_accepted'`);
    expect(acceptedBy).toEqual([{ actor: 'test-admin' }, { actor: 'test-admin' }]);
    await maybeRecordHistory(stack.client, reconcilerWorkflowId(SIM_ACCOUNT_ID), 'reconciler-settles-and-flags');
  });
});
