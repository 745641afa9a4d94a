import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { idempotencyKeys } from '../schema';

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

/** The key's row: this request's when the key is new, the first request's otherwise (compare their hashes). */
export async function claimIdempotencyKey(db: Database, claim: { key: string; requestHash: string; route: string; workflowId: string }): Promise<IdempotencyKeyRow> {
  const [inserted] = await db.insert(idempotencyKeys).values(claim).onConflictDoNothing({ target: idempotencyKeys.key }).returning();
  if (inserted) return inserted;
  const [existing] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, claim.key)).limit(1);
  if (!existing) throw new Error(`idempotency key ${claim.key} conflicted on insert but is not there`);
  return existing;
}

export async function recordIdempotentRun(db: Database, key: string, runId: string): Promise<void> {
  await db.update(idempotencyKeys).set({ runId }).where(eq(idempotencyKeys.key, key));
}
