import type { Database } from '../client';
import { positionSnapshots } from '../schema';
import type { Pool } from 'pg';
import { pageAsJson, type PageRequest } from './pagination';

export type PositionSnapshotRecord = typeof positionSnapshots.$inferInsert;

export async function recordPositionSnapshots(db: Database, rows: readonly PositionSnapshotRecord[]): Promise<void> {
  if (rows.length > 0) await db.insert(positionSnapshots).values([...rows]);
}

/** One page, newest first, as the api's JSON body. */
export function listPositionSnapshots(pool: Pick<Pool, 'query'>, page: PageRequest, filter: { accountId?: string; workflowId?: string } = {}): Promise<string> {
  return pageAsJson(pool, positionSnapshots, page, [[positionSnapshots.accountId, filter.accountId], [positionSnapshots.workflowId, filter.workflowId]]);
}
