import { Worker } from '@temporalio/worker';
import { orchestrationActivityDeps } from '../../workers/orchestration-activity-deps';
import { createActivities } from '../../activities';
import { createRetentionActivities } from '../../activities/maintenance/retention-activities';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { retentionCycleInput } from '../../infra/orchestration/retention-schedule';
import { retentionCycle } from '../../workflows';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { useTradingWorkflowEnvironment } from '../helpers/trading-workers';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;

/**
 * The retention cycle the hourly schedule runs, with its real activities against Postgres: the operational tables lose
 * the rows past their retention (in batches), keep the rest, the records of money are never touched, and their next
 * monthly partitions are made ready.
 */
describe('retentionCycle', () => {
  const context = useTradingWorkflowEnvironment();
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('retention_cycle'));
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const count = async (table: string) => Number((await sql(`select count(*) as n from ${table}`))[0].n);

  async function seed(): Promise<void> {
    for (const [days, times] of [[45, 7], [1, 2]] as const) {
      for (let n = 0; n < times; n++) {
        await sql(`insert into hot_path_decisions (account_id, instrument, bar_time, decided_at, outcome) values ($1, 'EUR_USD', $2, $2, 'hold')`, [SIM_ACCOUNT_ID, daysAgo(days)]);
        await sql(`insert into component_health (component, status, latency_ms, checked_at) values ('postgres', 'healthy', 1, $1)`, [daysAgo(days === 45 ? 20 : days)]);
        await sql(`insert into risk_snapshots (account_id, taken_at, nav_usd, gross_exposure_usd, net_exposure_usd, largest_concentration, daily_pnl_usd, drawdown)
          values ($1, $2, 100000, 0, 0, 0, 0, 0)`, [SIM_ACCOUNT_ID, daysAgo(days === 45 ? 120 : days)]);
      }
    }
    // Candles by bar time: two past the 400 days, one recent.
    for (const days of [500, 450, 3]) {
      await sql(`insert into candles (instrument, granularity, time_ms, bid_open, bid_high, bid_low, bid_close, ask_open, ask_high, ask_low, ask_close, volume, complete)
        values ('EUR_USD', 'H1', $1, 1, 1, 1, 1, 1, 1, 1, 1, 1, true)`, [Date.now() - days * DAY_MS]);
    }
    // Backtest trials: an old run that made the active version (kept as its evidence), an old one that made a retired
    // version and an old one that made none (both pruned), and a recent one.
    await sql(`insert into strategy_params (strategy, version, params, status, created_by) values
      ('ma-crossover', 1, '{}', 'retired', 'workflow:optimization-retired'), ('ma-crossover', 2, '{}', 'active', 'workflow:optimization-live')`);
    for (const [runId, days] of [['optimization-live', 200], ['optimization-retired', 200], ['optimization-nothing', 100], ['optimization-recent', 5]] as const) {
      for (const trialKey of ['a', 'b']) {
        await sql(`insert into backtest_runs (run_id, purpose, trial_key, strategy, params, instruments, granularity, objective, feasible, created_at)
          values ($1, 'optimization', $2, 'ma-crossover', '{}', '["EUR_USD"]', 'H1', 'sharpe', true, $3)`, [runId, trialKey, daysAgo(days)]);
      }
    }
    // Records of money, older than any retention.
    await sql(`select ensure_monthly_partition(parent, $1) from unnest(array['orders', 'audit_events']) parent`, [daysAgo(400)]);
    await sql(`insert into orders (client_order_id, account_id, instrument, units, type, status, source, created_at, updated_at)
      values ('retention-old-order', $1, 'EUR_USD', 1000, 'MARKET', 'filled', 'workflow', $2, $2)`, [SIM_ACCOUNT_ID, daysAgo(400)]);
    await sql(`insert into audit_events (actor, action, occurred_at) values ('tester', 'old.event', $1)`, [daysAgo(400)]);
  }

  it('prunes each operational table past its retention, batch after batch, and never the records of money', async () => {
    await seed();
    // The cycle creates the money tables' partitions that are missing, such as one dropped here.
    const now = new Date();
    const furthestPartition = `fills_${new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1)).toISOString().slice(0, 7).replace('-', '_')}`;
    await sql(`drop table ${furthestPartition}`);
    const [orders, audit] = [await count('orders'), await count('audit_events')];
    const config = loadConfig({ RETENTION_BATCH_SIZE: '3' });
    const taskQueue = `retention-${Date.now()}`;
    const worker = await Worker.create({
      connection: context.env.nativeConnection, taskQueue, workflowBundle: context.workflowBundle,
      activities: createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: 'http://127.0.0.1:9', probeTimeoutMs: 1000 })),
    });
    const result = await worker.runUntil(context.env.client.workflow.execute(retentionCycle, { taskQueue, workflowId: taskQueue, args: [retentionCycleInput(config)] }));

    expect(result.pruned.map(({ table, deleted }) => ({ table, deleted }))).toEqual([
      { table: 'hot_path_decisions', deleted: 7 },
      { table: 'component_health', deleted: 7 },
      { table: 'risk_snapshots', deleted: 7 },
      { table: 'candles', deleted: 2 },
      { table: 'backtest_runs', deleted: 4 },
    ]);
    for (const table of ['hot_path_decisions', 'component_health', 'risk_snapshots']) expect(await count(table)).toBe(2);
    expect(await count('candles')).toBe(1);
    expect((await sql(`select distinct run_id from backtest_runs order by 1`)).map((row) => row.run_id)).toEqual(['optimization-live', 'optimization-recent']);
    expect(await sql(`select to_regclass($1) is not null as exists`, [furthestPartition])).toEqual([{ exists: true }]);
    expect([await count('orders'), await count('audit_events')]).toEqual([orders, audit]);
  });

  it('refuses a table retention does not prune, without retrying', async () => {
    const { pruneExpiredRows } = createRetentionActivities({ database, clock: Date.now });
    await expect(pruneExpiredRows({ table: 'orders', retentionDays: 1, batchSize: 10 })).rejects.toMatchObject({ type: 'INVALID_RETENTION_POLICY', nonRetryable: true });
    await expect(pruneExpiredRows({ table: 'risk_snapshots', retentionDays: 0, batchSize: 10 })).rejects.toMatchObject({ type: 'INVALID_RETENTION_POLICY', nonRetryable: true });
  });
});
