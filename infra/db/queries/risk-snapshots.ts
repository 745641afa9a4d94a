import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { riskSnapshots } from '../schema';

export type RiskSnapshotRecord = typeof riskSnapshots.$inferInsert;

export async function insertRiskSnapshot(db: Database, snapshot: RiskSnapshotRecord): Promise<void> {
  await db.insert(riskSnapshots).values(snapshot);
}

export async function latestRiskSnapshot(db: Database, accountId: string) {
  const [row] = await db.select().from(riskSnapshots).where(eq(riskSnapshots.accountId, accountId)).orderBy(desc(riskSnapshots.takenAt)).limit(1);
  return row;
}

/**
 * NAV since `sinceMs`, at most `maxPoints` points: the span from the first reading in the window to now is cut into
 * that many equal slices and each keeps its last reading, so a chart of a busy day costs the same as a quiet one, and
 * a young account's few readings are all kept.
 */
export async function navSeries(db: Database, accountId: string, sinceMs: number, nowMs: number, maxPoints: number): Promise<Array<{ at: string; navUsd: number }>> {
  const since = new Date(sinceMs).toISOString();
  const result = await db.execute<{ at: Date | string; nav_usd: number }>(sql`
    with readings as (
      select taken_at, nav_usd, extract(epoch from taken_at) * 1000 as at_ms
      from risk_snapshots where account_id = ${accountId} and taken_at >= ${since}::timestamptz
    ), span as (
      select min(at_ms) as first_ms, greatest(1000, ceil((${nowMs} - min(at_ms)) / ${maxPoints})) as slice_ms from readings
    )
    select distinct on (slice) taken_at as at, nav_usd
    from (select taken_at, nav_usd, least(floor((at_ms - first_ms) / slice_ms), ${maxPoints - 1}) as slice from readings, span) sliced
    order by slice, taken_at desc`);
  return result.rows.map((row) => ({ at: new Date(row.at).toISOString(), navUsd: Number(row.nav_usd) }));
}
