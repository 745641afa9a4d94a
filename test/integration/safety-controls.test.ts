import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { findFreePort } from '../../infra/net/free-port';
import { getStrategy } from '../../domain/strategies';
import { emergencyStopWorkflowId } from '../../workflows/definitions/emergency-stop';
import { riskMonitorWorkflowId } from '../../workflows/definitions/risk-monitor';
import { startEntryPoint, type RunningProcess } from '../helpers/processes';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(240_000);

interface HotPathStatus {
  reconciled: boolean;
  tradingState: string;
  controlTradingState: string;
  controlTradingStateSince: string;
  ordersInFlight: number;
  writer: { depth: number };
}

/**
 * The product's controls through its REST api, on the real stack with a hot path trading beside it: a retried
 * trigger never starts a second run, an emergency stop with the worker dead still halts both paths before the api
 * answers, and the risk monitor runs although the schedules are off.
 */
describe('safety controls on the real stack', () => {
  let stack: RealStack;
  let hotPath: RunningProcess;
  let hotPathStatusUrl: string;
  let broker: OandaBroker;

  const sql = async (text: string, values: unknown[] = []) => (await stack.database.pool.query(text, values)).rows;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await stack.fetchApi(path, { body, headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const hotPathStatus = async () => (await fetch(hotPathStatusUrl)).json() as Promise<HotPathStatus>;
  const hotPathOrders = async () => (await sql(`select count(*)::int as n from orders where source = 'hot_path'`))[0].n as number;

  beforeAll(async () => {
    stack = await startRealStack('safety_controls', { seed: 71, env: { SCHEDULES_ENABLED: 'false' } });
    broker = createBroker(loadConfig({ BROKER_URL: stack.sim.url }).broker);
    await sql(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 1, $1, 'active', 'test', now())`, [{ ...getStrategy('ma-crossover').defaults, fastPeriod: 2, slowPeriod: 5 }]);
    const port = await findFreePort();
    hotPathStatusUrl = `http://127.0.0.1:${port}/status`;
    hotPath = startEntryPoint('hot-path', 'workers/hot-path', { ...stack.env, HOT_PATH_METRICS_PORT: String(port), HOT_PATH_GRANULARITY: 'S5' });
  });

  afterAll(async () => {
    await hotPath?.stop();
    broker?.close();
    await stack?.stop();
  });

  it('runs the risk monitor with the schedules turned off', async () => {
    const description = await waitFor('the risk monitor', async () => stack.client.workflow.getHandle(riskMonitorWorkflowId(SIM_ACCOUNT_ID)).describe().catch(() => undefined), 60_000);
    expect(description.status.name).toBe('RUNNING');
    const schedules = [];
    for await (const schedule of stack.client.schedule.list()) schedules.push(schedule.scheduleId);
    expect(schedules).toEqual([]);
  });

  it('answers a retried trigger with the first run: same key and body, same workflow; same key, other body, 409', async () => {
    const request = { accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'ma-crossover' }, execute: false };
    const first = await post('/api/workflows/analysis-to-trade', request, { 'Idempotency-Key': 'retry-me-1' });
    expect(first.status).toBe(202);
    // The same body with its keys in another order is the same request.
    const again = await post('/api/workflows/analysis-to-trade', { execute: false, strategy: { name: 'ma-crossover' }, instruments: ['EUR_USD'], accountId: SIM_ACCOUNT_ID }, { 'Idempotency-Key': 'retry-me-1' });
    expect(again).toEqual({ status: 202, body: first.body });
    const waited = await stack.fetchApi('/api/workflows/analysis-to-trade?wait=true', { body: request, headers: { 'Idempotency-Key': 'retry-me-1' } })
      .then(async (response) => (await response.json()) as Record<string, unknown>);
    expect(waited).toMatchObject({ workflowId: first.body.workflowId, runId: first.body.runId, status: 'COMPLETED' });

    const other = await post('/api/workflows/analysis-to-trade', { ...request, instruments: ['USD_JPY'] }, { 'Idempotency-Key': 'retry-me-1' });
    expect(other.status).toBe(409);
    expect(other.body.error).toContain('Idempotency-Key retry-me-1 was first used with another request');
    const bad = await post('/api/workflows/analysis-to-trade', request, { 'Idempotency-Key': 'has a space' });
    expect(bad).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'Idempotency-Key' }] } } });
    const unkeyed = await Promise.all([post('/api/workflows/analysis-to-trade', request), post('/api/workflows/analysis-to-trade', request)]);
    expect(unkeyed[0].body.workflowId).not.toBe(unkeyed[1].body.workflowId);
    expect((await sql(`select count(*)::int as n from idempotency_keys where key = 'retry-me-1'`))[0].n).toBe(1);
  });

  it('GET /api/hot-path says per instrument what the hot path decided last, what it refused and why, and its counts', async () => {
    const published = await waitFor('the hot path to publish a decision of each instrument', async () => {
      const body = (await (await stack.fetchApi('/api/hot-path')).json()) as { processes: Array<{ accountId: string; running: boolean; status: { instruments: Array<{ lastDecision?: unknown }> } }> };
      const [process] = body.processes;
      return process?.status.instruments.every((instrument) => instrument.lastDecision) ? body : undefined;
    }, 60_000, 200);
    expect(published.processes).toEqual([expect.objectContaining({ accountId: SIM_ACCOUNT_ID, running: true })]);
    for (const instrument of published.processes[0]!.status.instruments) {
      expect(instrument).toMatchObject({
        warmupBarsLeft: 0, warmedUpFromHistoryBars: expect.any(Number),
        lastDecision: expect.objectContaining({ outcome: expect.stringMatching(/^(hold|order|rejected|skipped)$/) }),
        decisions: { hold: expect.any(Number), order: expect.any(Number), rejected: expect.any(Number), skipped: expect.any(Number) },
      });
    }
  });

  it('halts both paths at once with the worker dead, then liquidates once a worker runs, each close an order', async () => {
    await waitFor('the hot path to trade', async () => ((await hotPathOrders()) > 0 && (await hotPathStatus()).ordersInFlight === 0 ? true : undefined), 90_000, 100);
    const { lastTransactionId } = await broker.accountSummary();
    await broker.placeOrder({ type: 'MARKET', clientOrderId: 'safety-manual-gbp', instrument: 'GBP_USD', units: 2_000 }, { lastKnownTransactionId: lastTransactionId });
    await stack.killWorker();

    const requestedAt = Date.now();
    const stop = await post('/api/system/control/emergency-stop', { by: 'alice', reason: 'drill with the worker down' });
    // Before the api answered, HALTED was committed.
    const [state] = await sql(`select state from trading_state where scope = 'system'`);
    expect(stop).toMatchObject({ status: 202, body: { scope: 'system', tradingState: 'HALTED', workflowId: emergencyStopWorkflowId('system') } });
    expect(state).toEqual({ state: 'HALTED' });
    const halted = await waitFor('the hot path to hear the halt', async () => {
      const now = await hotPathStatus();
      return now.tradingState === 'HALTED' ? now : undefined;
    }, 10_000, 10);
    expect(Date.parse(halted.controlTradingStateSince)).toBeGreaterThanOrEqual(requestedAt - 1);
    const ordersAtHalt = await waitFor('hot-path orders in flight to end', async () => ((await hotPathStatus()).ordersInFlight === 0 ? hotPathOrders() : undefined), 30_000, 50);
    const [{ last }] = await sql('select coalesce(max(id), 0)::int as last from hot_path_decisions');
    await waitFor('a bar decided while halted', async () => ((await sql(`select 1 from hot_path_decisions where id > $1 and outcome = 'rejected'`, [last])).length > 0 ? true : undefined), 60_000);
    expect(await hotPathOrders()).toBe(ordersAtHalt);
    // Nothing liquidates while no worker runs.
    expect((await broker.openPositions()).some((position) => position.netUnits !== 0)).toBe(true);

    await stack.restartWorker();
    const report = await stack.client.workflow.getHandle(emergencyStopWorkflowId('system')).result() as { outcome: string };
    expect(report.outcome).toBe('flat');
    expect((await broker.openPositions()).filter((position) => position.netUnits !== 0)).toEqual([]);
    const closes = await sql(`select o.instrument, o.status, o.filled_units::float8 as filled, f.units::float8 as fill_units
      from orders o left join fills f on f.client_order_id = o.client_order_id where o.source = 'emergency_stop' order by o.instrument`);
    expect(closes.map((row) => row.instrument)).toEqual(expect.arrayContaining(['GBP_USD']));
    for (const close of closes.filter((row) => row.status === 'filled')) expect(close.fill_units).toBe(close.filled);
    expect(await hotPathOrders()).toBe(ordersAtHalt);
  });
});
