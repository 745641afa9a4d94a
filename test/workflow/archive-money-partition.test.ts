import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createArchiveActivities } from '../../activities/maintenance/archive-activities';
import type { DatabaseHandle } from '../../infra/db/client';
import { archiveMoneyPartition } from '../../workflows';
import type { ArchiveMoneyPartitionInput } from '../../workflows/definitions/archive-money-partition';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { useTradingWorkflowEnvironment } from '../helpers/trading-workers';

jest.setTimeout(120_000);

/**
 * Archiving a month of the records of money with the real activities against Postgres and files: the month leaves
 * the database only into a file that holds exactly its rows, with an audit event naming who asked, and never a month
 * that is too recent, holds unsettled orders, or changed after its file was checked.
 */
describe('archiveMoneyPartition', () => {
  const context = useTradingWorkflowEnvironment();
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let archiveDir: string;
  let activities: ReturnType<typeof createArchiveActivities>;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('archive_partition'));
    archiveDir = mkdtempSync(join(tmpdir(), 'archive-'));
    activities = createArchiveActivities({ database, clock: Date.now, archiveDir, archiveMinAgeDays: 90 });
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
    if (archiveDir) rmSync(archiveDir, { recursive: true, force: true });
  });

  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;
  const exists = async (table: string) => (await sql(`select to_regclass($1) is not null as exists`, [table]))[0].exists as boolean;

  async function seedMonth(month: string, status = 'filled'): Promise<void> {
    for (const table of ['orders', 'fills', 'audit_events']) await sql(`select ensure_monthly_partition($1, $2)`, [table, `${month}-15T00:00:00Z`]);
    for (const day of ['03', '27']) {
      const at = `${month}-${day}T12:00:00Z`;
      await sql(`insert into orders (client_order_id, account_id, instrument, units, type, status, source, created_at, updated_at, details)
        values ($1, $2, 'EUR_USD', -2500, 'MARKET', $3, 'hot_path', $4, $4, '{"note": "ünïcode \\"quoted\\""}')`, [`${month}-${day}`, SIM_ACCOUNT_ID, status, at]);
      await sql(`insert into fills (account_id, transaction_id, client_order_id, instrument, units, price_quote, realized_pl, filled_at, source)
        values ($1, $2, $3, 'EUR_USD', -2500, 1.0912345, 12.34, $4, 'hot_path')`, [SIM_ACCOUNT_ID, `${month}-${day}`, `${month}-${day}`, at]);
      await sql(`insert into audit_events (actor, action, occurred_at) values ('tester', 'order.placed', $1)`, [at]);
    }
  }

  async function runArchive(input: ArchiveMoneyPartitionInput) {
    const taskQueue = `archive-${input.table}-${input.month}-${Date.now()}`;
    const worker = await Worker.create({ connection: context.env.nativeConnection, taskQueue, workflowBundle: context.workflowBundle, activities });
    return worker.runUntil(context.env.client.workflow.execute(archiveMoneyPartition, { taskQueue, workflowId: taskQueue, args: [input] }));
  }

  it('moves each money table\'s month into a file holding exactly its rows, audited, and leaves the other months alone', async () => {
    await seedMonth('2025-03');
    await seedMonth('2025-04');
    for (const table of ['orders', 'fills', 'audit_events'] as const) {
      const rows = await sql(`select row_to_json(t)::text as row from ${table}_2025_03 t order by id`);
      const originals = await sql(`select * from ${table}_2025_03 order by id`);
      const result = await runArchive({ table, month: '2025-03', requestedBy: 'alice' });

      expect(result).toMatchObject({ outcome: 'archived', archive: { rows: 2, file: join(archiveDir, table, `${table}_2025_03.jsonl.gz`) } });
      const lines = gunzipSync(readFileSync(join(archiveDir, table, `${table}_2025_03.jsonl.gz`))).toString('utf8').trimEnd().split('\n');
      expect(lines).toEqual(rows.map((row) => row.row));
      // As docs/retention.md says: each line turns back into the row it was.
      const restored = await Promise.all(lines.map(async (line) => (await sql(`select (jsonb_populate_record(null::${table}, $1::jsonb)).*`, [line]))[0]));
      expect(restored).toEqual(originals);
      expect(await exists(`${table}_2025_03`)).toBe(false);
      expect(await exists(`${table}_2025_04`)).toBe(true);
      const [event] = await sql(`select actor, subject_id, details from audit_events where action = 'money_partition.archived' and subject_id = $1`, [`${table}_2025_03`]);
      expect(event).toMatchObject({ actor: 'alice', details: { table, month: '2025-03', rows: 2, sha256: result.outcome === 'archived' ? result.archive.sha256 : '' } });
    }
    expect(await sql(`select client_order_id from order_client_ids where client_order_id like '2025-%' order by 1`)).toEqual([
      { client_order_id: '2025-04-03' }, { client_order_id: '2025-04-27' },
    ]);
    expect(await runArchive({ table: 'orders', month: '2025-03', requestedBy: 'alice' })).toEqual({ outcome: 'already_archived' });
  });

  it('carries on from a detached partition a crashed run left behind', async () => {
    await seedMonth('2025-05');
    await activities.detachMoneyPartition({ table: 'fills', month: '2025-05', requestedBy: 'bob' });
    expect(await sql(`select count(*)::int as n from fills where filled_at >= '2025-05-01' and filled_at < '2025-06-01'`)).toEqual([{ n: 0 }]);
    expect(await runArchive({ table: 'fills', month: '2025-05', requestedBy: 'bob' })).toMatchObject({ outcome: 'archived', archive: { rows: 2 } });
    expect(await exists('fills_2025_05')).toBe(false);
  });

  it('drops nothing when the detached month changed after its file was checked', async () => {
    await seedMonth('2025-06');
    const request = { table: 'fills', month: '2025-06', requestedBy: 'carol' };
    await activities.detachMoneyPartition(request);
    const archive = await activities.exportDetachedPartition(request);
    await sql(`insert into fills_2025_06 (account_id, transaction_id, instrument, units, price_quote, filled_at, source)
      values ($1, 'late', 'EUR_USD', 1, 1.1, '2025-06-30T00:00:00Z', 'venue')`, [SIM_ACCOUNT_ID]);
    await expect(new MockActivityEnvironment().run(activities.dropArchivedPartition, { ...request, archive }))
      .rejects.toMatchObject({ type: 'ARCHIVE_CHANGED', nonRetryable: true });
    expect(await exists('fills_2025_06')).toBe(true);
  });

  it('refuses, without retrying, a recent month, a month with unsettled orders, and anything but a money table', async () => {
    const thisMonth = new Date().toISOString().slice(0, 7);
    await expect(activities.detachMoneyPartition({ table: 'orders', month: thisMonth, requestedBy: 'dave' })).rejects.toMatchObject({ type: 'TOO_RECENT', nonRetryable: true });
    await seedMonth('2025-07', 'pending');
    await expect(activities.detachMoneyPartition({ table: 'orders', month: '2025-07', requestedBy: 'dave' })).rejects.toMatchObject({ type: 'UNSETTLED_ORDERS', nonRetryable: true });
    await expect(activities.detachMoneyPartition({ table: 'orders', month: '2024-01', requestedBy: 'dave' })).rejects.toMatchObject({ type: 'NO_PARTITION', nonRetryable: true });
    await expect(activities.detachMoneyPartition({ table: 'hot_path_decisions', month: '2025-07', requestedBy: 'dave' })).rejects.toMatchObject({ type: 'INVALID_ARCHIVE_REQUEST', nonRetryable: true });
    expect(await exists('orders_2025_07')).toBe(true);
    expect(await sql(`select count(*)::int as n from orders where status = 'pending'`)).toEqual([{ n: 2 }]);
  });
});
