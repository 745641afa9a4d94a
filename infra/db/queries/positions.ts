import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { positionSnapshots } from '../schema';
import { toPage, type PageRequest } from './pagination';

export type PositionSnapshotRecord = typeof positionSnapshots.$inferInsert;

export async function recordPositionSnapshots(db: Database, rows: readonly PositionSnapshotRecord[]): Promise<void> {
  if (rows.length > 0) await db.insert(positionSnapshots).values([...rows]);
}

export async function listPositionSnapshots(db: Database, page: PageRequest, filter: { accountId?: string; workflowId?: string } = {}) {
  const conditions: SQL[] = [];
  if (page.cursor !== undefined) conditions.push(lt(positionSnapshots.id, page.cursor));
  if (filter.accountId) conditions.push(eq(positionSnapshots.accountId, filter.accountId));
  if (filter.workflowId) conditions.push(eq(positionSnapshots.workflowId, filter.workflowId));
  const rows = await db.select().from(positionSnapshots).where(and(...conditions)).orderBy(desc(positionSnapshots.id)).limit(page.limit + 1);
  return toPage(rows, page.limit);
}
