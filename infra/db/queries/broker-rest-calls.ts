import { sql } from 'drizzle-orm';
import type { Database } from '../client';

/**
 * Admits one call of this kind for `key` (an account, or a host for connections) when fewer than `limit` were admitted
 * in the last second, by the database's clock (admit_rest_call: the check and the count are one step for every
 * process, and it forgets the key's windows older than a minute).
 */
export async function admitRestCall(db: Database, key: string, kind: string, limit: number): Promise<boolean> {
  const result = await db.execute<{ admitted: boolean }>(sql`select admit_rest_call(${key}, ${kind}, ${limit}::integer) as admitted`);
  return result.rows[0]!.admitted;
}
