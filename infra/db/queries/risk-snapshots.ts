import { desc, eq } from 'drizzle-orm';
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
