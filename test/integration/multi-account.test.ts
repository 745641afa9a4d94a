import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { findFreePort } from '../../infra/net/free-port';
import { getStrategy } from '../../domain/strategies';
import type { EmergencyStopReport } from '../../workflows/definitions/emergency-stop-report';
import type { PortfolioRebalanceResult } from '../../workflows/definitions/portfolio-rebalance';
import { reconcilerWorkflowId } from '../../workflows/definitions/reconciler';
import { riskMonitorWorkflowId } from '../../workflows/definitions/risk-monitor';
import { lastLines } from '../helpers/hot-path-process';
import { startEntryPoint, type RunningProcess } from '../helpers/processes';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { workflowResult } from '../helpers/workflow-result';

jest.setTimeout(300_000);

const [DESK_A, DESK_B, DESK_C] = ['101-001-0000001-001', '101-001-0000001-002', '101-001-0000001-003'] as const;
const ACCOUNTS = [DESK_A, DESK_B, DESK_C];

/**
 * One deployment trading the simulator's three accounts (desk C's kept in euros), configured with BROKER_ACCOUNTS
 * (desk B with a daily-loss limit of its own), through the real worker and api, with one hot-path process trading desks A and C: each account
 * trades on its own, a disabled account places nothing on either path while the others trade, desk B's own limit
 * trips only desk B, and the system stop flattens all three.
 */
describe('three accounts in one deployment', () => {
  let stack: RealStack;
  let hotPath: RunningProcess | undefined;
  let hotPathStatusUrl: string;
  let deskCHaltedAt: Date;
  const venue: Record<string, OandaBroker> = {};
  type HotPathStatus = { tradingState: string; ordersInFlight: number };
  const hotPathStatus = async () => (await (await fetch(hotPathStatusUrl)).json()) as Record<string, HotPathStatus>;
  const hotPathOrders = async (accountId: string, since = new Date(0)) =>
    (await stack.database.pool.query(`select count(*)::int as n from orders where source = 'hot_path' and account_id = $1 and created_at > $2`, [accountId, since])).rows[0].n as number;

  const api = async <T = Record<string, unknown>>(path: string, body?: unknown) => {
    const response = await stack.fetchApi(path, body === undefined ? {} : { body });
    return { status: response.status, body: await response.json() as T };
  };
  type Registered = { id: string; limits: Record<string, number>; tradedByThisDeployment: boolean };
  type Risk = { tradingState: { state: string }; snapshot: unknown; breakers: { account: { breakers: Record<string, { phase: string; threshold: number }> } } };
  const netUnits = async (accountId: string) =>
    Object.fromEntries((await venue[accountId]!.openPositions()).filter((position) => position.netUnits !== 0).map((position) => [position.instrument, position.netUnits]));
  /** Started over REST; its result read from Temporal, however long a loaded machine makes it take. */
  const rebalance = async (accountId: string, weight: number) => {
    const started = await api<{ workflowId: string }>('/api/workflows/portfolio-rebalance', {
      accountId, method: 'target_weights', weights: { EUR_USD: weight }, driftThreshold: 0.01, maxOrderNotional: 200_000,
    });
    const result = await workflowResult<PortfolioRebalanceResult>(stack.client, started.body.workflowId);
    return { status: started.status, body: { workflowId: started.body.workflowId, result } };
  };
  const running = async (workflowId: string) => (await stack.client.workflow.getHandle(workflowId).describe().catch(() => undefined))?.status.name;

  beforeAll(async () => {
    stack = await startRealStack('multi_account', {
      seed: 83,
      env: {
        SCHEDULES_ENABLED: 'false',
        // No rebalance here waits for an approver.
        REBALANCE_APPROVAL_NOTIONAL_USD: '1000000000',
        RISK_MONITOR_INTERVAL_MS: '2000',
        BROKER_ACCOUNTS: JSON.stringify([
          { id: DESK_A, alias: 'desk A' },
          { id: DESK_B, alias: 'desk B', limits: { maxDailyLossUsd: 5 } },
          { id: DESK_C, alias: 'desk C' },
        ]),
      },
    });
    const config = loadConfig({ BROKER_URL: stack.sim.url }).broker;
    for (const accountId of ACCOUNTS) venue[accountId] = createBroker({ ...config, accountId });
    await stack.database.pool.query(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 1, $1, 'active', 'test', now())`,
      [{ ...getStrategy('ma-crossover').defaults, fastPeriod: 2, slowPeriod: 5 }]);
  });

  afterAll(async () => {
    await hotPath?.stop();
    Object.values(venue).forEach((broker) => broker.close());
    await stack?.stop();
  });

  it('records every configured account in the registry and watches each', async () => {
    const listed = await waitFor('the three accounts in the registry as configured', async () => {
      // The hot path may record an account first, bare; the worker then writes it as configured.
      const { body } = await api<{ items: Array<{ credential: string | null }> }>('/api/accounts');
      return body.items.length === 3 && body.items.every((item) => item.credential) ? body.items : undefined;
    }, 60_000);
    expect(listed).toEqual([
      expect.objectContaining({ id: DESK_A, alias: 'desk A', currency: 'USD', credential: 'BROKER_TOKEN', enabled: true, limitOverrides: {} }),
      expect.objectContaining({ id: DESK_B, alias: 'desk B', currency: 'USD', credential: 'BROKER_TOKEN', enabled: true, limitOverrides: { maxDailyLossUsd: 5 } }),
      expect.objectContaining({ id: DESK_C, alias: 'desk C', currency: 'EUR', credential: 'BROKER_TOKEN', enabled: true, limitOverrides: {} }),
    ]);
    const [deskA, deskB] = [(await api<Registered>(`/api/accounts/${DESK_A}`)).body, (await api<Registered>(`/api/accounts/${DESK_B}`)).body];
    expect([deskA.limits.maxDailyLossUsd, deskA.tradedByThisDeployment]).toEqual([5_000, true]);
    expect([deskB.limits.maxDailyLossUsd, deskB.limits.maxUnits, deskB.tradedByThisDeployment]).toEqual([5, deskA.limits.maxUnits, true]);
    // Each account trades once the worker has reconciled it with the broker.
    await waitFor('every account reconciled on the worker', async () =>
      (stack.worker.output().split('restart reconciliation done').length - 1 >= ACCOUNTS.length ? true : undefined), 90_000);
    for (const accountId of ACCOUNTS) {
      await waitFor(`${accountId}'s risk monitor and reconciler`, async () =>
        ((await running(riskMonitorWorkflowId(accountId))) === 'RUNNING' && (await running(reconcilerWorkflowId(accountId))) === 'RUNNING' ? true : undefined), 60_000);
    }
    // In the registry but not in this deployment's configuration: refused before any workflow starts.
    await stack.database.pool.query(`insert into accounts (id, venue) values ('101-001-0000009-001', 'sim')`);
    const refused = await api('/api/workflows/portfolio-rebalance', { accountId: '101-001-0000009-001', method: 'target_weights', weights: { EUR_USD: 0.1 }, driftThreshold: 0.01, maxOrderNotional: 10_000 });
    expect(refused).toEqual({ status: 404, body: expect.objectContaining({ error: expect.stringContaining('not traded by this deployment, which trades 101-001-0000001-001, 101-001-0000001-002, 101-001-0000001-003') }) });
  });

  it('trades each account with its own connection', async () => {
    const results = await Promise.all(ACCOUNTS.map((accountId, index) => rebalance(accountId, 0.1 * (index + 1))));
    for (const [index, accountId] of ACCOUNTS.entries()) {
      const { result } = results[index]!.body;
      expect({ accountId, outcome: result.outcome }).toEqual({ accountId, outcome: 'rebalanced' });
      expect((await netUnits(accountId)).EUR_USD).toBe(result.orders[0]!.filledUnits);
      const rows = (await stack.database.pool.query('select account_id from orders where workflow_id = $1', [results[index]!.body.workflowId])).rows;
      expect(rows).toEqual([{ account_id: accountId }]);
    }
    // Desk C keeps euros; the product sees its NAV in dollars, so its 30% is 30% of its dollar value.
    type State = { summary: { currency: string; nav: number; home: { currency: string; nav: number; usdPerUnit: number } }; positions: Array<{ instrument: string; netUnits: number }> };
    const deskC = (await api<State>(`/api/accounts/${DESK_C}/state`)).body.summary;
    expect([deskC.currency, deskC.home.currency]).toEqual(['USD', 'EUR']);
    expect(deskC.nav).toBeCloseTo(deskC.home.nav * deskC.home.usdPerUnit, 6);
    expect(deskC.home.usdPerUnit).toBeGreaterThan(0.5);
    const deskCUnits = results[2]!.body.result.orders[0]!.filledUnits!;
    expect(deskCUnits * deskC.home.usdPerUnit / deskC.nav).toBeGreaterThan(0.29);
    expect(deskCUnits * deskC.home.usdPerUnit / deskC.nav).toBeLessThan(0.31);
    // Analysis-to-trade on desk B, which no other test trades GBP_USD in: whatever it places is desk B's alone.
    const analysis = await api<{ workflowId: string }>('/api/workflows/analysis-to-trade', {
      accountId: DESK_B, instruments: ['GBP_USD'], strategy: { name: 'ma-crossover' }, execute: true, minConfidence: 0,
    });
    await workflowResult(stack.client, analysis.body.workflowId);
    const placed = (await stack.database.pool.query(`select account_id, filled_units::float8 as filled from orders where workflow_id = $1 and status = 'filled'`, [analysis.body.workflowId])).rows;
    expect(placed.every((row) => row.account_id === DESK_B)).toBe(true);
    expect((await netUnits(DESK_B)).GBP_USD ?? 0).toBe(placed.reduce((total, row) => total + row.filled, 0));
    for (const accountId of [DESK_A, DESK_C]) expect((await netUnits(accountId)).GBP_USD).toBeUndefined();
  });

  it('runs one hot-path engine per account in one process, each trading its own account', async () => {
    // Started after the rebalances above, which close what their weights leave out: a hot-path position would be
    // closed by them. Its instruments are ones the rebalances leave alone, so each path's positions can be told apart.
    const port = await findFreePort();
    hotPathStatusUrl = `http://127.0.0.1:${port}/status`;
    const hotPathProcess = startEntryPoint('hot-path', 'workers/hot-path', {
      ...stack.env, HOT_PATH_METRICS_PORT: String(port), HOT_PATH_GRANULARITY: 'S5', HOT_PATH_ACCOUNTS: `${DESK_A},${DESK_C}`, HOT_PATH_INSTRUMENTS: 'USD_CAD,AUD_USD',
    });
    hotPath = hotPathProcess;
    await waitFor('hot-path orders in desks A and C', async () => ((await hotPathOrders(DESK_A)) > 0 && (await hotPathOrders(DESK_C)) > 0 ? true : undefined), 120_000, 200)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${lastLines(hotPathProcess)}`);
      });
    expect(Object.keys(await hotPathStatus()).sort()).toEqual([DESK_A, DESK_C]);
    expect(await hotPathOrders(DESK_B)).toBe(0);
  });

  it('places nothing in a disabled account on either path, keeps its position and its risk monitor, while the others trade', async () => {
    const disabled = await api(`/api/accounts/${DESK_C}/disable`, { reason: 'desk C closed for the day' });
    expect(disabled.body).toMatchObject({ enabled: false, changed: true, tradingState: { state: 'HALTED' } });
    await waitFor('desk C\'s hot-path engine halted, nothing in flight', async () => {
      const status = (await hotPathStatus())[DESK_C]!;
      return status.tradingState === 'HALTED' && status.ordersInFlight === 0 ? true : undefined;
    }, 30_000, 50);
    deskCHaltedAt = new Date();
    const held = await netUnits(DESK_C);
    expect(held.EUR_USD).toBeGreaterThan(0);

    const refused = await rebalance(DESK_C, 0.5);
    expect(refused.body.result.outcome).not.toBe('rebalanced');
    expect((await stack.database.pool.query(`select count(*)::int as n from orders where workflow_id = $1 and status = 'filled'`, [refused.body.workflowId])).rows[0].n).toBe(0);
    // The rebalance's position, which has no stop-loss or take-profit, is untouched; the hot path's trades keep theirs
    // at the venue, which may close them whatever the account's state.
    expect((await netUnits(DESK_C)).EUR_USD).toBe(held.EUR_USD);
    // Its positions stay open, so its monitor still watches them.
    expect(await running(riskMonitorWorkflowId(DESK_C))).toBe('RUNNING');
    // Desk A's engine, in the same process, trades on.
    await waitFor('a hot-path order in desk A after desk C was disabled', async () => ((await hotPathOrders(DESK_A, deskCHaltedAt)) > 0 ? true : undefined), 120_000, 200);
  });

  it('trips a breaker on desk B\'s own daily-loss limit without restricting desk A', async () => {
    const restricted = await waitFor('desk B restricted by its own limit', async () => {
      const { body } = await api<Risk>(`/api/risk/${DESK_B}`);
      return body.tradingState.state !== 'ACTIVE' ? body : undefined;
    }, 90_000);
    const tripped = Object.entries(restricted.breakers.account.breakers).filter(([, status]) => status.phase !== 'ARMED');
    // Its VaR or its day's loss measured against its own 5 USD, not the deployment's 5,000.
    expect(tripped.filter(([id, status]) => ['var_limit', 'daily_loss'].includes(id) && status.threshold === 5)).not.toEqual([]);
    const deskA = (await api<Risk>(`/api/risk/${DESK_A}`)).body;
    expect(deskA.tradingState.state).toBe('ACTIVE');
    expect(deskA.snapshot).not.toBeNull();
  });

  it('measures every monitored account together after each reading, as GET /api/risk shows', async () => {
    type SystemRisk = { accounts: Array<{ accountId: string }>; currencyExposuresUsd: Record<string, number>; breakers: { breakers: Record<string, { lastValue: number }> } };
    const system = await waitFor('a system reading with desks A and B', async () => {
      const { body } = await api<SystemRisk>('/api/risk');
      const accounts = body.accounts.map((account) => account.accountId);
      return accounts.includes(DESK_A) && accounts.includes(DESK_B) && body.breakers.breakers.currency_exposure ? body : undefined;
    }, 60_000);
    // Every desk is long EUR_USD: long euros across the accounts.
    expect(system.currencyExposuresUsd.EUR).toBeGreaterThan(0);
    expect(Object.keys(system.breakers.breakers).sort()).toEqual(['correlated_concentration', 'currency_exposure', 'system_daily_loss']);
  });

  it('flattens every account, the disabled one too, with one stop per account under the system stop', async () => {
    expect(await hotPathOrders(DESK_C, deskCHaltedAt)).toBe(0);
    const stop = await api<{ workflowId: string }>('/api/system/control/emergency-stop', { by: 'test', reason: 'end of the multi-account drill' });
    expect(stop.status).toBe(202);
    const report = await workflowResult<EmergencyStopReport>(stack.client, stop.body.workflowId, 180_000);
    expect(report.outcome).toBe('flat');
    expect(Object.keys(report.accounts ?? {}).sort()).toEqual(ACCOUNTS);
    for (const accountId of ACCOUNTS) {
      expect({ accountId, outcome: report.accounts![accountId]!.outcome }).toEqual({ accountId, outcome: 'flat' });
      expect(await netUnits(accountId)).toEqual({});
    }
    expect((await api('/api/system/control/resume', { by: 'test', reason: 'drill over' })).body.tradingState).toBe('ACTIVE');
  });
});
