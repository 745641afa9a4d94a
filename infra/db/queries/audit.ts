import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { auditEvents } from '../schema';
import { toPage, type PageRequest } from './pagination';

export type AuditEventRecord = typeof auditEvents.$inferInsert;

/** Newest first; `accountId` keeps the events about that account (its orders, its trading state, its runs' outcomes). */
export async function listAuditEvents(db: Database, page: PageRequest, filter: { workflowId?: string; accountId?: string } = {}) {
  const conditions: SQL[] = [];
  if (page.cursor !== undefined) conditions.push(lt(auditEvents.id, page.cursor));
  if (filter.workflowId) conditions.push(eq(auditEvents.workflowId, filter.workflowId));
  if (filter.accountId) conditions.push(eq(auditEvents.subjectId, filter.accountId));
  const rows = await db.select().from(auditEvents).where(and(...conditions)).orderBy(desc(auditEvents.id)).limit(page.limit + 1);
  return toPage(rows, page.limit);
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
