import { sql } from 'drizzle-orm';
import type { Database } from '../client';

/**
 * The operational tables pruned by age, each with the column that dates its rows. The records of money (orders,
 * fills, audit events) are not among them: they are never deleted by a schedule.
 */
export const PRUNABLE_TABLES = { hot_path_decisions: 'decided_at', component_health: 'checked_at', risk_snapshots: 'taken_at' } as const;
export type PrunableTable = keyof typeof PRUNABLE_TABLES;

export function isPrunableTable(table: string): table is PrunableTable {
  return Object.hasOwn(PRUNABLE_TABLES, table);
}

/**
 * Deletes up to `batchSize` of the table's rows dated before `before`, oldest ids first: a short statement that walks
 * the primary key, so a batch never holds locks long enough to slow the writers of new rows. Returns how many.
 */
export async function pruneOldestRows(db: Database, table: PrunableTable, before: Date, batchSize: number): Promise<number> {
  const name = sql.identifier(table);
  const result = await db.execute(sql`
    delete from ${name} where id in (
      select id from ${name} where ${sql.identifier(PRUNABLE_TABLES[table])} < ${before.toISOString()}::timestamptz order by id limit ${batchSize})`);
  return result.rowCount ?? 0;
}
