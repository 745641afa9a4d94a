import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { orders, positionSnapshots, type OrderSource } from '../schema';

/** Orders of these sources whose outcome Postgres does not know yet: written before the broker call, or resting at the venue. */
export async function unsettledOrders(db: Database, accountId: string, sources: readonly OrderSource[]) {
  return db.select().from(orders)
    .where(and(eq(orders.accountId, accountId), inArray(orders.status, ['submitting', 'pending']), inArray(orders.source, [...sources])));
}

/** The net units of each instrument in its latest position snapshot. */
export async function latestSnapshotUnits(db: Database, accountId: string): Promise<Record<string, number>> {
  const rows = await db.selectDistinctOn([positionSnapshots.instrument], { instrument: positionSnapshots.instrument, netUnits: positionSnapshots.netUnits })
    .from(positionSnapshots).where(eq(positionSnapshots.accountId, accountId))
    .orderBy(positionSnapshots.instrument, desc(positionSnapshots.takenAt), desc(positionSnapshots.id));
  return Object.fromEntries(rows.map((row) => [row.instrument, row.netUnits]));
}
