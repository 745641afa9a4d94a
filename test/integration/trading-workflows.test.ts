import type { Client } from '@temporalio/client';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { type VenueSimulator } from '../../infra/venue-sim';
import { ANALYSIS_TO_TRADE_WORKFLOW, type AnalysisToTradeResult } from '../../workflows/definitions/analysis-to-trade';
import type { PortfolioRebalanceResult } from '../../workflows/definitions/portfolio-rebalance';
import { maybeRecordHistory } from '../helpers/record-history';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { waitFor } from '../../infra/async/wait-for';

import { startRealStack, type RealStack } from '../helpers/real-stack';

jest.setTimeout(240_000);

/**
 * The trading workflows through the REST api with real parts only: a Temporal dev server with the trading search
 * attributes, Postgres, the venue simulator, and the compiled worker and api processes.
 */
/** What GET /api/approvals lists for each rebalance waiting for a decision (the parts read here). */
interface PendingApproval {
  workflowId: string;
  totalNotionalUsd: number;
  deadline: string;
  orders: Array<{ instrument: string; status: string }>;
}

describe('trading workflows through the REST api', () => {
  let stack: RealStack;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let broker: OandaBroker;
  let client: Client;

  const post = async (path: string, body: unknown) => {
    const response = await stack.fetchApi(path, { body });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };
  const get = async (path: string) => {
    const response = await stack.fetchApi(path);
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    stack = await startRealStack('trading_workflows', {
      seed: 11,
      env: { SCHEDULES_ENABLED: 'false', REBALANCE_APPROVAL_NOTIONAL_USD: '20000', MAX_ORDER_NOTIONAL_USD: '200000' },
    });
    ({ database, sim, client } = stack);
    broker = createBroker(loadConfig({ BROKER_URL: sim.url }).broker);
  }, 180_000);

  afterAll(async () => {
    broker?.close();
    await stack?.stop();
  });

  it('rejects a bad analysis-to-trade request with a 400 naming each bad field', async () => {
    const { status, body } = await post('/api/workflows/analysis-to-trade', {
      accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD', 'NOPE'], strategy: { name: 'ma-crossover', params: { fastPeriod: 1 } }, lookback: 0,
    });
    expect(status).toBe(400);
    const fields = (body.details as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['instruments.1', 'lookback', 'strategy.params.fastPeriod']);
  });

  it('analyses, executes one order at the venue and records the order, the signal and the audit event', async () => {
    const { status, body } = await post('/api/workflows/analysis-to-trade?wait=true', {
      accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'ma-crossover', params: {} },
      granularity: 'M5', lookback: 150, execute: true, minConfidence: 0, requestedBy: 'integration-test',
    });
    if (body.status !== 'COMPLETED') console.log(body, stack.worker.output().split('\n').slice(-30).join('\n'));
    expect(status).toBe(200);
    const workflowId = body.workflowId as string;
    expect(body.webUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${workflowId}/${body.runId as string}/history`);
    const result = body.result as AnalysisToTradeResult;
    expect(result.outcome).toBe('executed');
    const eurUsd = result.instruments[0]!;
    const clientOrderId = `atr-${workflowId}-EUR_USD`;
    expect(eurUsd.order).toMatchObject({ clientOrderId, existing: false });
    expect(Math.sign(eurUsd.order!.units)).toBe(eurUsd.signal!.direction);

    const atVenue = await broker.findOrderByClientId(clientOrderId);
    expect(atVenue).toMatchObject({ orderId: eurUsd.order!.brokerOrderId, state: 'FILLED', instrument: 'EUR_USD', units: eurUsd.order!.units });
    const positions = await broker.openPositions();
    expect(positions.find((p) => p.instrument === 'EUR_USD')?.netUnits).toBe(eurUsd.order!.filledUnits);

    const orderRows = (await database.pool.query('select status, units::float8 as units, broker_order_id, source, strategy from orders where workflow_id = $1', [workflowId])).rows;
    expect(orderRows).toEqual([{ status: 'filled', units: eurUsd.order!.units, broker_order_id: eurUsd.order!.brokerOrderId, source: 'workflow', strategy: 'ma-crossover' }]);
    const signalRows = (await database.pool.query('select instrument, status, direction, proposed_units from signals where workflow_id = $1', [workflowId])).rows;
    expect(signalRows).toEqual([{ instrument: 'EUR_USD', status: 'approved', direction: eurUsd.signal!.direction, proposed_units: eurUsd.order!.units }]);
    const audit = (await database.pool.query('select actor, action from audit_events where workflow_id = $1', [workflowId])).rows;
    // The caller's identity (its api key's name), whatever the body's requestedBy said.
    expect(audit).toEqual([{ actor: 'test-admin', action: 'analysis_to_trade.completed' }]);
    const cached = (await database.pool.query(`select count(*)::int as n from candles where instrument = 'EUR_USD' and granularity = 'M5' and complete`)).rows[0].n;
    expect(cached).toBeGreaterThanOrEqual(150);

    const described = await get(`/api/workflows/${workflowId}`);
    expect(described.body).toMatchObject({ status: 'COMPLETED', stage: 'done', type: 'analysisToTrade', result: { outcome: 'executed' } });
    const listed = await get(`/api/orders?workflowId=${workflowId}`);
    expect((listed.body.items as unknown[]).length).toBe(1);
    const tagged = await waitFor('the run to be searchable by outcome', async () => {
      for await (const run of client.workflow.list({ query: `TradeOutcome = "executed" AND TradeInstruments = "EUR_USD"` })) if (run.workflowId === workflowId) return run;
      return undefined;
    }, 20_000);
    expect(tagged.searchAttributes).toMatchObject({ TradeStrategy: ['ma-crossover'] });
    await maybeRecordHistory(client, workflowId, 'analysis-to-trade-executed');
  });

  it('waits for approval of a large rebalance, executes it on approve and reconciles with the broker', async () => {
    const started = await post('/api/workflows/portfolio-rebalance', {
      accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights: { EUR_USD: 0, GBP_USD: 0.3, USD_JPY: -0.2 },
      driftThreshold: 0.01, maxOrderNotional: 200_000, requestedBy: 'integration-test',
    });
    expect(started.status).toBe(202);
    const workflowId = started.body.workflowId as string;
    await waitFor('the rebalance to wait for approval', async () => ((await get(`/api/workflows/${workflowId}`)).body.stage === 'awaiting_approval' ? true : undefined), 30_000);
    expect((await database.pool.query('select count(*)::int as n from orders where workflow_id = $1', [workflowId])).rows[0].n).toBe(0);
    // The approver sees what they are approving: the account, the deadline, the notional and every order.
    const pending = await waitFor('the run among the pending approvals', async () =>
      ((await get('/api/approvals')).body.items as PendingApproval[]).find((item) => item.workflowId === workflowId), 20_000);
    expect(pending).toMatchObject({ accountId: SIM_ACCOUNT_ID, approvalThresholdUsd: 20_000, targetWeights: { EUR_USD: 0, GBP_USD: 0.3, USD_JPY: -0.2 } });
    expect(pending.totalNotionalUsd).toBeGreaterThan(20_000);
    expect(Date.parse(pending.deadline)).toBeGreaterThan(Date.now());
    expect(pending.orders.map((order) => [order.instrument, order.status])).toEqual([['EUR_USD', 'planned'], ['GBP_USD', 'planned'], ['USD_JPY', 'planned']]);

    const signalled = await post(`/api/workflows/${workflowId}/signals/approve`, { by: 'risk-officer', reason: 'within mandate' });
    expect(signalled.status).toBe(202);
    const result = await client.workflow.getHandle(workflowId).result() as PortfolioRebalanceResult;
    expect(result.approval).toEqual({ decision: 'approved', by: 'test-admin', reason: 'within mandate' });
    if (result.outcome !== 'rebalanced') console.log(JSON.stringify(result, null, 1));
    expect(result.outcome).toBe('rebalanced');
    expect(result.reconciliationDifferences).toEqual([]);
    expect(((await get('/api/approvals')).body.items as Array<{ workflowId: string }>).map((item) => item.workflowId)).not.toContain(workflowId);
    // The EUR_USD position the previous test opened is closed first: reducing before increasing.
    expect(result.orders[0]).toMatchObject({ instrument: 'EUR_USD', reducing: true, status: 'filled' });
    const positions = Object.fromEntries((await broker.openPositions()).map((p) => [p.instrument, p.netUnits]));
    expect(positions.EUR_USD ?? 0).toBe(0);
    expect(positions.GBP_USD).toBe(result.orders.find((o) => o.instrument === 'GBP_USD')!.filledUnits);
    expect(positions.USD_JPY).toBeLessThan(0);
    const rows = (await database.pool.query('select status from orders where workflow_id = $1', [workflowId])).rows;
    expect(rows.map((r) => r.status)).toEqual(['filled', 'filled', 'filled']);
    const snapshots = (await get(`/api/positions?accountId=${SIM_ACCOUNT_ID}`)).body.items as Array<{ instrument: string; netUnits: number }>;
    expect(snapshots.find((s) => s.instrument === 'USD_JPY')!.netUnits).toBe(positions.USD_JPY);
    await maybeRecordHistory(client, workflowId, 'portfolio-rebalance-approved');
  });

  it('refuses a run it knows would fail, names the failure of one started past the api, and refuses an unknown signal', async () => {
    const request = { accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'rsi-reversal', params: 'active' as const }, lookback: 200, execute: true };
    const refused = await post('/api/workflows/analysis-to-trade?wait=true', request);
    expect(refused.status).toBe(400);
    expect((refused.body.details as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['strategy.params']);

    // Started straight on Temporal, as a schedule made before the parameters were retired would: the activity refuses it.
    const handle = await client.workflow.start(ANALYSIS_TO_TRADE_WORKFLOW, {
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE ?? loadConfig({}).TEMPORAL_TASK_QUEUE, workflowId: `analysis-to-trade-no-params-${Date.now()}`, args: [{ ...request, minConfidence: 0.5 }],
    });
    await handle.result().catch(() => undefined);
    const body = { workflowId: handle.workflowId };
    const described = await get(`/api/workflows/${body.workflowId}`);
    expect(described.body).toMatchObject({ status: 'FAILED', failure: 'strategy rsi-reversal has no active strategy_params version' });
    const unknown = await post(`/api/workflows/${body.workflowId as string}/signals/explode`, {});
    expect(unknown.status).toBe(400);
    expect((await get('/api/workflows/no-such-workflow')).status).toBe(404);
    const events = await get('/api/events?limit=1');
    expect((events.body.items as unknown[]).length).toBe(1);
    expect(events.body.nextCursor).toEqual(expect.any(Number));
  });
});
