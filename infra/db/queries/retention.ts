import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';

/**
 * The operational tables pruned by age: for each, which of its rows are older than a date, and (when some old rows
 * are still needed) which to keep. The records of money (orders, fills, audit events) are not among them: they are
 * never deleted by a schedule, only archived by month (money-partitions.ts).
 */
export const PRUNABLE_TABLES = {
  hot_path_decisions: { olderThan: (before: Date) => sql`decided_at < ${before.toISOString()}::timestamptz` },
  component_health: { olderThan: (before: Date) => sql`checked_at < ${before.toISOString()}::timestamptz` },
  risk_snapshots: { olderThan: (before: Date) => sql`taken_at < ${before.toISOString()}::timestamptz` },
  // A cache: a backtest that needs older bars fetches them from the broker again.
  candles: { olderThan: (before: Date) => sql`time_ms < ${before.getTime()}` },
  // The trials of a run that made a version still candidate or active are its evidence, kept as long as it is.
  backtest_runs: {
    olderThan: (before: Date) => sql`created_at < ${before.toISOString()}::timestamptz and not exists (
      select 1 from strategy_params version where version.created_by = 'workflow:' || backtest_runs.run_id and version.status <> 'retired')`,
  },
} as const satisfies Record<string, { olderThan(before: Date): SQL }>;
export type PrunableTable = keyof typeof PRUNABLE_TABLES;

export function isPrunableTable(table: string): table is PrunableTable {
  return Object.hasOwn(PRUNABLE_TABLES, table);
}

/**
 * Deletes up to `batchSize` of the table's rows older than `before` (by row address, so it serves tables without an
 * id too): a short statement, so a batch never holds locks long enough to slow the writers of new rows. Returns how many.
 */
export async function pruneOldestRows(db: Database, table: PrunableTable, before: Date, batchSize: number): Promise<number> {
  const name = sql.identifier(table);
  const result = await db.execute(sql`
    delete from ${name} where ctid = any(array(select ctid from ${name} where ${PRUNABLE_TABLES[table].olderThan(before)} limit ${batchSize}))`);
  return result.rowCount ?? 0;
}
