import { MockActivityEnvironment } from '@temporalio/testing';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createSystemRiskActivities, type SystemRiskEvaluation } from '../../activities/safety/system-risk-activities';
import { createApp } from '../../api/app';
import { tradingDayStartMs } from '../../domain/risk/daily-pnl';
import { waitFor } from '../../infra/async/wait-for';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { upsertAccount } from '../../infra/db/queries/accounts';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { createLogger } from '../../infra/logging';
import { findFreePort } from '../../infra/net/free-port';
import { systemRiskSettingsFrom } from '../../infra/orchestration/risk-monitor-start';
import { createTemporalClient, type TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { bearer, issueTestKey } from '../helpers/api-keys';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

const OTHER_ACCOUNT = '101-001-0000001-002';

/**
 * The system's breakers on real Postgres: each account's latest reading counts, the day's loss of the accounts
 * together halts every account although neither account's own loss would, and GET /api/risk shows the figures.
 */
describe('risk across accounts', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let temporal: TemporalClientHandle;
  let nowMs = Date.now();
  // A reading older than five monitor intervals (5 s here) is stale.
  const config = loadConfig({ SYSTEM_MAX_DAILY_LOSS_USD: '1000', MAX_DAILY_LOSS_USD: '800', MAX_CURRENCY_EXPOSURE: '2', RISK_MONITOR_INTERVAL_MS: '1000' });

  const snapshot = (accountId: string, secondsAgo: number, dailyPnlUsd: number, exposuresUsd: Record<string, number>) => database.pool.query(
    `insert into risk_snapshots (account_id, taken_at, nav_usd, gross_exposure_usd, net_exposure_usd, largest_concentration, daily_pnl_usd, drawdown, details)
     values ($1, now() - make_interval(secs => $2), 100000, 0, 0, 0, $3, 0, $4)`, [accountId, secondsAgo, dailyPnlUsd, { exposuresUsd }]);
  const evaluate = () => new MockActivityEnvironment({ workflowExecution: { workflowId: 'risk-monitor-test', runId: 'run' } })
    .run(() => createSystemRiskActivities({ database, clock: () => nowMs, systemRisk: () => systemRiskSettingsFrom(config) }).evaluateSystemRisk()) as Promise<SystemRiskEvaluation | undefined>;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('system_risk'));
    await upsertAccount(database.db, { id: OTHER_ACCOUNT, venue: 'sim' });
    temporal = createTemporalClient({ address: `127.0.0.1:${await findFreePort()}` }, 'default');
  });

  afterAll(async () => {
    await temporal?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('measures nothing while no account has a reading of this trading day', async () => {
    nowMs = Date.now();
    await snapshot(SIM_ACCOUNT_ID, (nowMs - tradingDayStartMs(nowMs)) / 1000 + 60, -5_000, {});
    expect(await evaluate()).toBeUndefined();
  });

  it('halts every account once the accounts together lose more than the system limit, each under its own limit, a stale reading counting', async () => {
    // The other account's reading, 30 s old, must still be of this trading day (it began at 21:00 UTC).
    await waitFor('a minute into the trading day', async () => (Date.now() - tradingDayStartMs(Date.now()) > 60_000 ? true : undefined), 70_000);
    nowMs = Date.now();
    await snapshot(SIM_ACCOUNT_ID, 0, -600, { EUR_USD: 150_000 });
    await snapshot(OTHER_ACCOUNT, 30, -500, { EUR_USD: 120_000, USD_JPY: -30_000 });
    const evaluation = await evaluate();
    expect(evaluation).toMatchObject({
      accounts: [SIM_ACCOUNT_ID, OTHER_ACCOUNT], tradingState: 'HALTED',
      observations: { system_daily_loss: 1_100, currency_exposure: 270_000 / 200_000, correlated_concentration: 0 },
    });
    expect(evaluation!.breakerEvents.map((event) => [event.breaker, event.kind])).toEqual([['system_daily_loss', 'tripped']]);
    for (const accountId of [SIM_ACCOUNT_ID, OTHER_ACCOUNT]) expect(await effectiveTradingState(database.db, accountId)).toMatchObject({ state: 'HALTED', scope: 'system' });
    const audited = await database.pool.query(`select actor, subject_id from audit_events where action = 'circuit_breaker.tripped'`);
    expect(audited.rows).toEqual([{ actor: 'risk-monitor', subject_id: 'system' }]);
  });

  it('shows the accounts together, each beside them, over GET /api/risk', async () => {
    const app = createApp({ config, database, temporal, metrics: new Registry(), logger: createLogger('system-risk-test', 'silent') });
    const viewer = bearer(await issueTestKey(database.db, 'system-risk-viewer', 'viewer'));
    const { status, body } = await request(app).get('/api/risk').set(viewer);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      tradingState: { state: 'HALTED', scope: 'system' }, navUsd: 200_000, dailyPnlUsd: -1_100,
      currencyExposuresUsd: { EUR: 270_000, JPY: 30_000 }, correlatedGroups: [],
      limits: { system_daily_loss: 1_000, currency_exposure: 2, correlated_concentration: 1.5 },
      breakers: { breakers: { system_daily_loss: { phase: 'TRIPPED', lastValue: 1_100 } } },
    });
    expect(body.accounts.map((account: { accountId: string; stale: boolean }) => [account.accountId, account.stale])).toEqual([[SIM_ACCOUNT_ID, false], [OTHER_ACCOUNT, true]]);
  });
});
