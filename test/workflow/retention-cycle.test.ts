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
 * The retention cycle the hourly schedule runs, with its real activity against Postgres: the operational tables lose
 * the rows past their retention (in batches), keep the rest, and the records of money are never touched.
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
    // Records of money, older than any retention.
    await sql(`insert into orders (client_order_id, account_id, instrument, units, type, status, source, created_at, updated_at)
      values ('retention-old-order', $1, 'EUR_USD', 1000, 'MARKET', 'filled', 'workflow', $2, $2)`, [SIM_ACCOUNT_ID, daysAgo(400)]);
    await sql(`insert into audit_events (actor, action, occurred_at) values ('tester', 'old.event', $1)`, [daysAgo(400)]);
  }

  it('prunes each operational table past its retention, batch after batch, and never the records of money', async () => {
    await seed();
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
    ]);
    for (const table of ['hot_path_decisions', 'component_health', 'risk_snapshots']) expect(await count(table)).toBe(2);
    expect([await count('orders'), await count('audit_events')]).toEqual([orders, audit]);
  });

  it('refuses a table retention does not prune, without retrying', async () => {
    const { pruneExpiredRows } = createRetentionActivities({ database, clock: Date.now });
    await expect(pruneExpiredRows({ table: 'orders', retentionDays: 1, batchSize: 10 })).rejects.toMatchObject({ type: 'INVALID_RETENTION_POLICY', nonRetryable: true });
    await expect(pruneExpiredRows({ table: 'risk_snapshots', retentionDays: 0, batchSize: 10 })).rejects.toMatchObject({ type: 'INVALID_RETENTION_POLICY', nonRetryable: true });
  });
});
