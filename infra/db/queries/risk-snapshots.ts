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
 * NAV since `sinceMs`, at most `maxPoints` points: the window is cut into that many equal buckets and each bucket
 * keeps its last reading, so a chart of a busy day costs the same as a quiet one.
 */
export async function navSeries(db: Database, accountId: string, sinceMs: number, nowMs: number, maxPoints: number): Promise<Array<{ at: string; navUsd: number }>> {
  const bucketMs = Math.max(1_000, Math.ceil((nowMs - sinceMs) / maxPoints));
  const result = await db.execute<{ at: Date | string; nav_usd: number }>(sql`
    select distinct on (bucket) taken_at as at, nav_usd
    from (
      select taken_at, nav_usd, least(floor((extract(epoch from taken_at) * 1000 - ${sinceMs}) / ${bucketMs}), ${maxPoints - 1}) as bucket
      from risk_snapshots where account_id = ${accountId} and taken_at >= ${new Date(sinceMs).toISOString()}::timestamptz
    ) readings
    order by bucket, taken_at desc`);
  return result.rows.map((row) => ({ at: new Date(row.at).toISOString(), navUsd: Number(row.nav_usd) }));
}
