import type { Database } from '../client';
import { signals } from '../schema';
import type { Pool } from 'pg';
import { pageAsJson, type PageRequest } from './pagination';

export type SignalRecord = typeof signals.$inferInsert;

/** A retried recording writes nothing new: one row per workflow and instrument. */
export async function recordSignals(db: Database, rows: readonly SignalRecord[]): Promise<void> {
  if (rows.length > 0) await db.insert(signals).values([...rows]).onConflictDoNothing({ target: [signals.workflowId, signals.instrument] });
}

/** One page, newest first, as the api's JSON body. */
export function listSignals(pool: Pick<Pool, 'query'>, page: PageRequest, filter: { accountId?: string; workflowId?: string } = {}): Promise<string> {
  return pageAsJson(pool, signals, page, [[signals.accountId, filter.accountId], [signals.workflowId, filter.workflowId]]);
}
