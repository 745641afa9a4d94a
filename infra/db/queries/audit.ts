import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Pool } from 'pg';
import { auditEvents } from '../schema';
import { pageAsJson, type PageRequest } from './pagination';

export type AuditEventRecord = typeof auditEvents.$inferInsert;

/** Newest first; `accountId` keeps the events about that account (its orders, its trading state, its runs' outcomes). */
/** One page, newest first, as the api's JSON body. */
export function listAuditEvents(pool: Pick<Pool, 'query'>, page: PageRequest, filter: { workflowId?: string; accountId?: string } = {}): Promise<string> {
  return pageAsJson(pool, auditEvents, page, [[auditEvents.workflowId, filter.workflowId], [auditEvents.subjectId, filter.accountId]]);
}

/**
 * Records a workflow's events unless that workflow already recorded `action`: a retried recording activity (its
 * first attempt may have committed before the worker lost the answer) writes nothing twice.
 */
export async function recordWorkflowAuditOnce(db: Database, workflowId: string, action: string, events: readonly AuditEventRecord[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${workflowId}))`);
    const [existing] = await tx.select({ id: auditEvents.id }).from(auditEvents)
      .where(and(eq(auditEvents.workflowId, workflowId), eq(auditEvents.action, action))).limit(1);
    if (existing) return false;
    await tx.insert(auditEvents).values([...events]);
    return true;
  });
}
