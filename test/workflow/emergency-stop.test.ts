import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { Registry } from 'prom-client';
import request from 'supertest';
import { orchestrationActivityDeps } from '../../workers/orchestration-activity-deps';
import { createActivities, createBrokerQueueActivities } from '../../activities';
import { createApp } from '../../api/app';
import { evaluateBreakers, type BreakersConfig } from '../../domain/risk/circuit-breakers';
import type { DatabaseHandle } from '../../infra/db/client';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { riskMonitorLimitsFrom } from '../../infra/orchestration/risk-monitor-start';
import { readBreakerBoard, updateBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { insertSubmittingOrder, updateOrderResult } from '../../infra/db/queries/orders';
import { createLogger } from '../../infra/logging';
import type { TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { analysisToTrade, emergencyStop } from '../../workflows';
import { emergencyStopWorkflowId } from '../../workflows/definitions/emergency-stop';
import { brokerTaskQueueFor } from '../../workflows/definitions/task-queues';
import { emergencyStopStatusQuery, type EmergencyStopReport } from '../../workflows/definitions/emergency-stop-report';
import type { TestDatabase } from '../helpers/postgres';
import { withStrongLongSignal } from '../helpers/strong-signal';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { bearer, issueTestKey } from '../helpers/api-keys';
import { maybeRecordHistory } from '../helpers/record-history';
import { useTradingWorkflowEnvironment, type TradingWorkers } from '../helpers/trading-workers';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(120_000);

/**
 * The emergency stop and the control api with the real activities against the venue simulator and Postgres, on the
 * time-skipping server (the stop's flat-confirmation timer is skipped). Each test gets a fresh simulator account.
 */
describe('emergency stop and trading control', () => {
  const context = useTradingWorkflowEnvironment();
  let sim: VenueSimulator;
  let broker: OandaBroker;
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let workers: TradingWorkers;
  let api: ReturnType<typeof createApp>;

  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;
  /** Each person has an admin key named after them: the audit log's actor comes from the key, not from `by`. */
  const keys: Record<string, string> = {};
  const as = (person: string) => bearer(keys[person]!);
  const control = (action: string, body: Record<string, unknown>) => request(api).post(`/api/system/control/${action}`).set(as(String(body.by ?? 'test'))).send(body);
  const accountBody = { scope: 'account', accountId: SIM_ACCOUNT_ID };

  beforeAll(async () => {
    sim = await startVenueSimulator({ port: 0, seed: 23 });
    ({ testDatabase, database } = await createTradingDatabase('emergency_stop'));
    for (const person of ['alice', 'bob', 'carol', 'dave', 'erin', 'test']) keys[person] = await issueTestKey(database.db, person);
    const config = loadConfig({ BROKER_URL: sim.url });
    broker = createBroker({ ...config.broker, requestTimeoutMs: 5_000 });
    const orchestration = createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 }));
    // Every analysis wants to trade: the halt, not the market, is what keeps its orders away.
    const activities = { orchestration, broker: withStrongLongSignal(createBrokerQueueActivities({ database, brokers: accountBrokers([broker]), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId) })) };
    // A worker runs once: each run gets a fresh pair, on the one task queue the api starts the stop on.
    const taskQueue = `emergency-stop-${randomUUID()}`;
    workers = {
      taskQueue,
      async run(work) {
        const { env, workflowBundle } = context;
        const [orchestrationWorker, brokerWorker] = await Promise.all([
          Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: activities.orchestration }),
          Worker.create({ connection: env.nativeConnection, taskQueue: brokerTaskQueueFor(taskQueue), activities: activities.broker }),
        ]);
        return orchestrationWorker.runUntil(brokerWorker.runUntil(work));
      },
    };
    const temporal = { client: context.env.client, namespace: 'default' } as unknown as TemporalClientHandle;
    api = createApp({
      config: loadConfig({ BROKER_URL: sim.url, TEMPORAL_TASK_QUEUE: workers.taskQueue }), database, temporal,
      metrics: new Registry(), logger: createLogger('emergency-stop-test', 'silent'),
    });
  });

  afterAll(async () => {
    broker?.close();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  async function openPositionsAndAnEntryOrder(): Promise<string> {
    const { lastTransactionId } = await broker.accountSummary();
    await broker.placeOrder({ type: 'MARKET', clientOrderId: `long-${randomUUID()}`, instrument: 'EUR_USD', units: 1000 }, { lastKnownTransactionId: lastTransactionId });
    await broker.placeOrder({ type: 'MARKET', clientOrderId: `short-${randomUUID()}`, instrument: 'USD_JPY', units: -2000 }, { lastKnownTransactionId: lastTransactionId });
    const limitId = `limit-${randomUUID()}`;
    await insertSubmittingOrder(database.db, { clientOrderId: limitId, accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units: 500, type: 'LIMIT', source: 'api' });
    const resting = await broker.placeOrder({ type: 'LIMIT', clientOrderId: limitId, instrument: 'EUR_USD', units: 500, priceQuote: 0.5, timeInForce: 'GTC' }, { lastKnownTransactionId: lastTransactionId });
    await updateOrderResult(database.db, limitId, { status: 'pending', brokerOrderId: resting.orderId });
    return limitId;
  }

  it('halts, cancels the entry order, closes every position until flat, audits each step; a second stop joins the first', async () => {
    const limitId = await openPositionsAndAnEntryOrder();
    const started = await control('emergency-stop', { ...accountBody, by: 'alice', reason: 'venue misbehaving' });
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(emergencyStopWorkflowId('account', SIM_ACCOUNT_ID));
    // HALTED is committed before the api answers, though no worker runs yet to start the stop.
    expect(started.body.tradingState).toBe('HALTED');
    expect(await sql('select state, updated_by from trading_state where scope = $1', [SIM_ACCOUNT_ID])).toEqual([{ state: 'HALTED', updated_by: 'alice' }]);
    const joined = await control('emergency-stop', { ...accountBody, by: 'bob', reason: 'me too' });
    expect(joined.body.runId).toBe(started.body.runId);
    // The stop cannot run yet (no worker): trading may not be resumed under it.
    const resumeDuringStop = await control('resume', { ...accountBody, by: 'carol', reason: 'looks fine' });
    expect(resumeDuringStop.status).toBe(409);
    expect(resumeDuringStop.body.error).toContain(started.body.workflowId);

    const handle = context.env.client.workflow.getHandle(started.body.workflowId as string);
    const report: EmergencyStopReport = await workers.run(async () => {
      const result = await handle.result();
      expect(await handle.query(emergencyStopStatusQuery)).toMatchObject({ stage: 'done' });
      return result;
    });

    expect(report.outcome).toBe('flat');
    await maybeRecordHistory(context.env.client, started.body.workflowId as string, 'emergency-stop-flat');
    expect(report.cancelledOrders).toEqual([expect.objectContaining({ clientOrderId: limitId, outcome: 'cancelled', instrument: 'EUR_USD', units: 500 })]);
    expect(report.closeAttempts[0]!.closedUnits).toEqual({ EUR_USD: -1000, USD_JPY: 2000 });
    expect(report.closeAttempts.at(-1)).toMatchObject({ remainingUnits: {}, pendingEntryOrders: 0 });
    expect((await broker.openPositions()).filter((p) => p.netUnits !== 0)).toEqual([]);
    expect((await broker.pendingOrders()).filter((o) => !o.tradeId)).toEqual([]);
    expect(await sql('select status, reject_reason from orders where client_order_id = $1', [limitId])).toEqual([{ status: 'cancelled', reject_reason: 'EMERGENCY_STOP' }]);
    expect(await sql('select state, updated_by from trading_state where scope = $1', [SIM_ACCOUNT_ID])).toEqual([{ state: 'HALTED', updated_by: 'alice' }]);
    // The api's halt and its audit first (one transaction each call), then every step of the run.
    const actions = (await sql('select actor, action, run_id from audit_events where workflow_id = $1 order by id', [started.body.workflowId]))
      .map((row) => `${row.actor} ${row.action}${row.run_id === null ? '' : ' (run)'}`);
    expect(actions).toEqual([
      'alice control.emergency_stop', 'alice circuit_breaker.override_set', 'bob control.emergency_stop', 'alice emergency_stop.halted (run)',
      'alice emergency_stop.orders_cancelled (run)', ...report.closeAttempts.map((a) => `alice emergency_stop.close_attempt_${a.attempt} (run)`), 'alice emergency_stop.completed (run)',
    ]);
    // Every close is an order of its own, with its fill.
    const closes = await sql(`select client_order_id, instrument, units::float8 as units, status, filled_units::float8 as filled, run_id from orders where source = 'emergency_stop' order by instrument`);
    expect(closes).toEqual([
      expect.objectContaining({ instrument: 'EUR_USD', units: -1000, status: 'filled', filled: -1000, run_id: started.body.runId }),
      expect.objectContaining({ instrument: 'USD_JPY', units: 2000, status: 'filled', filled: 2000, run_id: started.body.runId }),
    ]);
    const closeFills = await sql('select client_order_id, units::float8 as units from fills where client_order_id = any($1) order by instrument', [closes.map((row) => row.client_order_id)]);
    expect(closeFills).toEqual(closes.map((row) => ({ client_order_id: row.client_order_id, units: row.units })));

    // HALTED holds for every workflow: an analysis that wants to trade places nothing.
    const ordersBefore = (await sql('select count(*)::int as n from orders'))[0].n;
    const analysis = await workers.run(() => context.env.client.workflow.execute(analysisToTrade, {
      taskQueue: workers.taskQueue, workflowId: `atr-halted-${randomUUID()}`,
      args: [{ accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5', lookback: 200, execute: true, minConfidence: 0.5 }],
    }));
    expect(analysis.outcome).not.toBe('executed');
    expect((await sql('select count(*)::int as n from orders'))[0].n).toBe(ordersBefore);
    expect((await broker.openPositions()).filter((p) => p.netUnits !== 0)).toEqual([]);

    const resumed = await control('resume', { ...accountBody, by: 'carol', reason: 'venue fixed' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.tradingState).toBe('ACTIVE');
  });

  it('stops while analysis-to-trade orders are in flight: each order exists once and the account ends flat', async () => {
    const runs = ['EUR_USD', 'GBP_USD', 'AUD_USD'].map((instrument) => context.env.client.workflow.start(analysisToTrade, {
      taskQueue: workers.taskQueue, workflowId: `atr-inflight-${instrument}-${randomUUID()}`,
      args: [{ accountId: SIM_ACCOUNT_ID, instruments: [instrument as 'EUR_USD'], strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5', lookback: 200, execute: true, minConfidence: 0.5 }],
    }));
    const handles = await Promise.all(runs);
    const { stopped: report, outcomes } = await workers.run(async () => {
      const stop = await context.env.client.workflow.start(emergencyStop, {
        taskQueue: workers.taskQueue, workflowId: emergencyStopWorkflowId('system'), workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ scope: 'system', reason: 'in-flight test', closePositions: true, requestedBy: 'test' }],
      });
      const stopped = await stop.result();
      const outcomes = await Promise.all(handles.map((handle) => handle.result()));
      return { stopped, outcomes };
    });
    expect(report.outcome).toBe('flat');
    expect(outcomes).toHaveLength(3);
    expect((await broker.openPositions()).filter((p) => p.netUnits !== 0)).toEqual([]);
    const rows = await sql(`select client_order_id, status from orders where workflow_id like 'atr-inflight-%'`);
    const since = await broker.transactionsSince('1');
    for (const row of rows) {
      const atVenue = since.transactions.filter((t) => t.type === 'MARKET_ORDER' && t.clientOrderId === row.client_order_id);
      expect({ id: row.client_order_id, placed: atVenue.length }).toEqual({ id: row.client_order_id, placed: row.status === 'filled' ? 1 : 0 });
    }
    expect((await control('resume', { by: 'test', reason: 'done' })).body).toEqual({ action: 'resume', scope: 'system', tradingState: 'ACTIVE' });
  });

  it('refuses resume and breaker resets while a breaker condition holds, and allows them once it clears', async () => {
    const config: BreakersConfig = { daily_loss: { threshold: 1000, tripTo: 'HALTED', coolDownMs: 60_000, autoReset: false } };
    const observe = (dailyLossUsd: number) => updateBreakerBoard(database.db, SIM_ACCOUNT_ID, { actor: 'risk-monitor' }, (board) => evaluateBreakers(board, { daily_loss: dailyLossUsd }, Date.now(), config));

    expect((await observe(1500)).tradingState).toBe('HALTED');
    const refused = await control('resume', { ...accountBody, by: 'dave', reason: 'try' });
    expect(refused.status).toBe(409);
    expect(refused.body.details.reasons).toEqual(['breaker daily_loss is TRIPPED (HALTED): its condition still holds (last 1500 >= 1000)']);
    const resetRefused = await request(api).post('/api/risk/breakers/daily_loss/reset').set(as('dave')).send({ scope: SIM_ACCOUNT_ID, by: 'dave', reason: 'try' });
    expect(resetRefused.status).toBe(409);
    expect(resetRefused.body.error).toContain('cannot be reset while its condition holds');

    expect((await observe(200)).tradingState).toBe('HALTED');
    const stillTripped = await control('start', { ...accountBody, by: 'dave', reason: 'loss recovered' });
    expect(stillTripped.body.details.reasons).toEqual(['breaker daily_loss is TRIPPED (HALTED): its condition has cleared: reset it with POST /api/risk/breakers/daily_loss/reset']);
    const reset = await request(api).post('/api/risk/breakers/daily_loss/reset').set(as('dave')).send({ scope: SIM_ACCOUNT_ID, by: 'dave', reason: 'loss recovered' });
    expect(reset.status).toBe(200);
    expect((await readBreakerBoard(database.db, SIM_ACCOUNT_ID)).breakers.daily_loss!.phase).toBe('ARMED');

    expect((await control('reduce-only', { ...accountBody, by: 'erin', reason: 'wind down' })).body.tradingState).toBe('REDUCING');
    const risk = await request(api).get(`/api/risk/${SIM_ACCOUNT_ID}`).set(as('erin'));
    expect(risk.body).toMatchObject({ accountId: SIM_ACCOUNT_ID, tradingState: { state: 'REDUCING', scope: SIM_ACCOUNT_ID }, snapshot: null, breakers: { account: { manualOverride: { state: 'REDUCING', reason: 'wind down' } } } });
    expect((await control('stop', { ...accountBody, by: 'erin', reason: 'closing time' })).body.tradingState).toBe('HALTED');
    expect((await control('start', { ...accountBody, by: 'erin', reason: 'morning' })).body.tradingState).toBe('ACTIVE');
    const audit = await sql(`select actor, action, reason from audit_events where subject_id = $1 and action like 'circuit_breaker.%' and actor in ('dave', 'erin') order by id`, [SIM_ACCOUNT_ID]);
    expect(audit.map((row) => `${row.actor} ${row.action}`)).toEqual([
      'dave circuit_breaker.reset', 'erin circuit_breaker.override_set', 'erin circuit_breaker.override_set', 'erin circuit_breaker.override_cleared',
    ]);
  });

  it('stops every account under a system stop, reporting the account it could not reach without stopping the others', async () => {
    const config = loadConfig({ BROKER_URL: sim.url });
    // The second account's token is refused by the venue: its stop fails for good (UNAUTHORIZED is not retried).
    const revoked = createBroker({ ...config.broker, accountId: '101-001-0000001-002', token: 'a-revoked-token', requestTimeoutMs: 5_000 });
    const { lastTransactionId } = await broker.accountSummary();
    await broker.placeOrder({ type: 'MARKET', clientOrderId: `system-stop-${randomUUID()}`, instrument: 'EUR_USD', units: 1_500 }, { lastKnownTransactionId: lastTransactionId });
    const taskQueue = `system-stop-${randomUUID()}`;
    const twoAccounts = createBrokerQueueActivities({ database, brokers: accountBrokers([broker, revoked]), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId) });
    const orchestration = createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 }));
    const [orchestrationWorker, brokerWorker] = await Promise.all([
      Worker.create({ connection: context.env.nativeConnection, taskQueue, workflowBundle: context.workflowBundle, activities: orchestration }),
      Worker.create({ connection: context.env.nativeConnection, taskQueue: brokerTaskQueueFor(taskQueue), activities: twoAccounts }),
    ]);
    try {
      const report = await orchestrationWorker.runUntil(brokerWorker.runUntil(context.env.client.workflow.execute(emergencyStop, {
        taskQueue, workflowId: `system-stop-two-accounts-${randomUUID()}`,
        args: [{ scope: 'system', reason: 'one account unreachable', closePositions: true, requestedBy: 'test' }],
      })));
      expect(Object.keys(report.accounts ?? {})).toEqual([SIM_ACCOUNT_ID]);
      expect(report.accounts![SIM_ACCOUNT_ID]!.outcome).toBe('flat');
      expect(report.accountFailures).toEqual({ '101-001-0000001-002': expect.stringMatching(/token|auth/i) });
      expect(report.outcome).toBe('halted');
      expect((await broker.openPositions()).filter((p) => p.netUnits !== 0)).toEqual([]);
    } finally {
      revoked.close();
    }
    expect((await control('resume', { by: 'test', reason: 'done' })).body).toEqual({ action: 'resume', scope: 'system', tradingState: 'ACTIVE' });
  });

  it('answers 400 naming each bad field of a control request', async () => {
    const bad = await control('resume', { scope: 'account', reason: '', extra: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body', 'reason']);
    const noAccount = await control('stop', { scope: 'account', reason: 'which one?' });
    expect(noAccount.body.details.fields).toEqual([{ field: 'accountId', message: 'is required for scope account' }]);
    const unknown = await control('stop', { scope: 'account', accountId: '999-nobody', reason: 'typo' });
    expect(unknown.status).toBe(404);
    expect(await sql('select state from trading_state where scope = $1', ['999-nobody'])).toEqual([]);
    expect((await control('launch', { by: 'test', reason: 'y' })).status).toBe(404);
  });
});
