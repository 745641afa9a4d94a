import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { idempotencyKeys } from '../schema';

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

/** The caller's key's row: this request's when the key is new, the first request's otherwise (compare their hashes). */
export async function claimIdempotencyKey(db: Database, claim: { identity: string; key: string; requestHash: string; route: string; workflowId: string }): Promise<IdempotencyKeyRow> {
  const [inserted] = await db.insert(idempotencyKeys).values(claim).onConflictDoNothing({ target: [idempotencyKeys.identity, idempotencyKeys.key] }).returning();
  if (inserted) return inserted;
  const [existing] = await db.select().from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.identity, claim.identity), eq(idempotencyKeys.key, claim.key))).limit(1);
  if (!existing) throw new Error(`idempotency key ${claim.key} of ${claim.identity} conflicted on insert but is not there`);
  return existing;
}

export async function recordIdempotentRun(db: Database, claim: { identity: string; key: string }, runId: string): Promise<void> {
  await db.update(idempotencyKeys).set({ runId }).where(and(eq(idempotencyKeys.identity, claim.identity), eq(idempotencyKeys.key, claim.key)));
}
