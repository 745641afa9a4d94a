import { and, asc, gt, inArray, lt, notExists, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import { auditEvents, notificationDispatches } from '../schema';

/** Audit events of the given actions since `sinceMs` that no dispatcher has handled yet, oldest first. */
export async function undispatchedAuditEvents(db: Database, actions: readonly string[], sinceMs: number, limit: number) {
  return db.select().from(auditEvents)
    .where(and(
      gt(auditEvents.occurredAt, new Date(sinceMs)),
      inArray(auditEvents.action, [...actions]),
      notExists(db.select({ one: sql`1` }).from(notificationDispatches).where(sql`${notificationDispatches.auditEventId} = ${auditEvents.id}`)),
    ))
    .orderBy(asc(auditEvents.id))
    .limit(limit);
}

/** Claims an audit event for this dispatcher: false when another one already handled it (it waits for that one's commit). */
export async function claimDispatch(tx: Transaction, dispatch: { auditEventId: number; kind: string | null; sinks: string[] }): Promise<boolean> {
  const claimed = await tx.insert(notificationDispatches).values(dispatch).onConflictDoNothing().returning({ id: notificationDispatches.auditEventId });
  return claimed.length > 0;
}

/** Forgets dispatches older than `beforeMs` (the dispatcher never looks that far back). */
export async function pruneDispatches(db: Database, beforeMs: number): Promise<number> {
  const removed = await db.delete(notificationDispatches).where(lt(notificationDispatches.dispatchedAt, new Date(beforeMs))).returning({ id: notificationDispatches.auditEventId });
  return removed.length;
}
