import { lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { brokerRestCalls } from '../schema';

/**
 * Admits one call of this kind for the account when fewer than `limit` were admitted in the last second, by the
 * database's clock (migration 0011's admit_rest_call: the check and the count are one step for every process).
 */
export async function admitRestCall(db: Database, accountId: string, kind: string, limit: number): Promise<boolean> {
  const result = await db.execute<{ admitted: boolean }>(sql`select admit_rest_call(${accountId}, ${kind}, ${limit}::integer) as admitted`);
  return result.rows[0]!.admitted;
}

/** Windows that started before `beforeMs` are of no further use. */
export async function forgetRestCallsBefore(db: Database, beforeMs: number): Promise<void> {
  await db.delete(brokerRestCalls).where(lt(brokerRestCalls.windowStartMs, beforeMs));
}
