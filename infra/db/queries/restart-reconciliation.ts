import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { positionSnapshots } from '../schema';

/** The net units of each instrument in its latest position snapshot. */
export async function latestSnapshotUnits(db: Database, accountId: string): Promise<Record<string, number>> {
  const rows = await db.selectDistinctOn([positionSnapshots.instrument], { instrument: positionSnapshots.instrument, netUnits: positionSnapshots.netUnits })
    .from(positionSnapshots).where(eq(positionSnapshots.accountId, accountId))
    .orderBy(positionSnapshots.instrument, desc(positionSnapshots.takenAt), desc(positionSnapshots.id));
  return Object.fromEntries(rows.map((row) => [row.instrument, row.netUnits]));
}
