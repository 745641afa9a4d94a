import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { auditEvents } from '../schema';
import type { AuditEventRecord } from './audit';

/**
 * Records one audit event of a workflow run unless that run already recorded `action`. Keyed by run, not workflow
 * id: workflows that reuse one id per scope (the emergency stop) still audit every later run in full.
 */
export async function recordRunAuditOnce(db: Database, event: AuditEventRecord & { runId: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${event.runId}:${event.action}`}))`);
    const [existing] = await tx.select({ id: auditEvents.id }).from(auditEvents)
      .where(and(eq(auditEvents.runId, event.runId), eq(auditEvents.action, event.action))).limit(1);
    if (existing) return false;
    await tx.insert(auditEvents).values(event);
    return true;
  });
}

/** One audit event, unconditionally: a control request a person made. */
export async function appendAuditEvent(db: Database, event: AuditEventRecord): Promise<void> {
  await db.insert(auditEvents).values(event);
}
