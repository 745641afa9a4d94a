import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { MoneyTable } from '../../../domain/retention/archivable-month';
import type { Database } from '../client';
import { auditEvents } from '../schema';
import type { AuditEventRecord } from './audit';

/** Partitions kept ready around now: last month (a fill read back late) and the next three. */
const MONTHS_BACK = 1;
const MONTHS_AHEAD = 3;
/** A detach waits at most this long for the parent's lock, so it never stalls the writers of new rows for long. */
const DETACH_LOCK_TIMEOUT = '5s';
const ROWS_PER_FETCH = 1000;

/** Creates the money tables' monthly partitions around now that are missing (migration 0013's function). */
export async function ensureMoneyPartitions(db: Database): Promise<void> {
  await db.execute(sql`select ensure_money_partitions(${MONTHS_BACK}::integer, ${MONTHS_AHEAD}::integer)`);
}

/** Attached to its table, detached (archive under way), or gone (never created, or archived and dropped). */
export type PartitionState = 'attached' | 'detached' | 'absent';

export async function partitionState(db: Database, table: MoneyTable, partition: string): Promise<PartitionState> {
  const { rows } = await db.execute<{ exists: boolean; attached: boolean }>(sql`
    select to_regclass(${partition}) is not null as exists,
           exists (select 1 from pg_inherits where inhrelid = to_regclass(${partition}) and inhparent = to_regclass(${table})) as attached`);
  const [state] = rows;
  if (!state?.exists) return 'absent';
  return state.attached ? 'attached' : 'detached';
}

/** Orders of the partition still waiting for the broker's answer: the reconciler needs them, so they stay. */
export async function unsettledOrderCount(db: Database, partition: string): Promise<number> {
  const { rows } = await db.execute<{ count: number }>(sql`
    select count(*)::int as count from ${sql.identifier(partition)} where status in ('submitting', 'pending')`);
  return rows[0]!.count;
}

export async function partitionRowCount(db: Database, partition: string): Promise<number> {
  const { rows } = await db.execute<{ count: number }>(sql`select count(*)::int as count from ${sql.identifier(partition)}`);
  return rows[0]!.count;
}

/** Takes the partition out of its table: a catalog change, under a short lock timeout (a retry waits for a quieter moment). */
export async function detachPartition(db: Database, table: MoneyTable, partition: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${DETACH_LOCK_TIMEOUT}'`));
    await tx.execute(sql`alter table ${sql.identifier(table)} detach partition ${sql.identifier(partition)}`);
  });
}

/**
 * Every row of a table as one JSON text each, in id order, read through a cursor so a month of rows never sits in
 * memory at once. The JSON is Postgres's own (row_to_json), so numbers and timestamps keep their exact text.
 */
export async function* rowsAsJson(pool: Pool, table: string): AsyncGenerator<string> {
  const client = await pool.connect();
  try {
    await client.query('begin read only');
    await client.query(`declare archive_rows no scroll cursor for select row_to_json(t)::text as row from ${client.escapeIdentifier(table)} t order by id`);
    for (;;) {
      const { rows } = await client.query<{ row: string }>(`fetch ${ROWS_PER_FETCH} from archive_rows`);
      for (const { row } of rows) yield row;
      if (rows.length < ROWS_PER_FETCH) break;
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Drops an archived, detached partition and records who archived it where, in one transaction: the audit event and
 * the drop stand or fall together. An orders partition's client order ids are released with it.
 */
export async function dropArchivedPartition(db: Database, table: MoneyTable, partition: string, event: AuditEventRecord): Promise<void> {
  await db.transaction(async (tx) => {
    if (table === 'orders') {
      await tx.execute(sql`delete from order_client_ids ids using ${sql.identifier(partition)} archived where ids.client_order_id = archived.client_order_id`);
    }
    await tx.execute(sql`drop table ${sql.identifier(partition)}`);
    await tx.insert(auditEvents).values(event);
  });
}
