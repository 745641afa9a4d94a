import { asc, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { hotPathStatus } from '../schema';

export interface PublishedHotPathStatus {
  processKey: string;
  accountId: string;
  startedAt: Date;
  status: Record<string, unknown>;
}

/** The hot path's latest word about itself, replacing its previous one. */
export async function publishHotPathStatus(db: Database, published: PublishedHotPathStatus): Promise<void> {
  await db.insert(hotPathStatus).values(published).onConflictDoUpdate({
    target: hotPathStatus.processKey,
    set: { accountId: published.accountId, startedAt: published.startedAt, status: published.status, updatedAt: sql`now()` },
  });
}

/** Every hot path that ever published, with how long ago (by the database's clock) it last did. */
export async function listHotPathStatus(db: Database) {
  return db.select({
    processKey: hotPathStatus.processKey,
    accountId: hotPathStatus.accountId,
    startedAt: hotPathStatus.startedAt,
    updatedAt: hotPathStatus.updatedAt,
    ageMs: sql<number>`(extract(epoch from now() - ${hotPathStatus.updatedAt}) * 1000)::float8`,
    status: hotPathStatus.status,
  }).from(hotPathStatus).orderBy(asc(hotPathStatus.processKey));
}
