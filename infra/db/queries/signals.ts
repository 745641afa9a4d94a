import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { signals } from '../schema';
import { toPage, type PageRequest } from './pagination';

export type SignalRecord = typeof signals.$inferInsert;

/** A retried recording writes nothing new: one row per workflow and instrument. */
export async function recordSignals(db: Database, rows: readonly SignalRecord[]): Promise<void> {
  if (rows.length > 0) await db.insert(signals).values([...rows]).onConflictDoNothing({ target: [signals.workflowId, signals.instrument] });
}

export async function listSignals(db: Database, page: PageRequest, filter: { accountId?: string; workflowId?: string } = {}) {
  const conditions: SQL[] = [];
  if (page.cursor !== undefined) conditions.push(lt(signals.id, page.cursor));
  if (filter.accountId) conditions.push(eq(signals.accountId, filter.accountId));
  if (filter.workflowId) conditions.push(eq(signals.workflowId, filter.workflowId));
  const rows = await db.select().from(signals).where(and(...conditions)).orderBy(desc(signals.id)).limit(page.limit + 1);
  return toPage(rows, page.limit);
}
