import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../domain/access/roles';
import type { Database } from '../client';
import { apiKeys, auditEvents } from '../schema';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export class ApiKeyNameTakenError extends Error {
  constructor(readonly keyName: string) {
    super(`an api key named ${keyName} exists already (choose another name; a revoked key keeps its name)`);
    this.name = 'ApiKeyNameTakenError';
  }
}

/** The live (not revoked) key with this hash. */
export async function findLiveApiKey(db: Database, keyHash: string): Promise<Pick<ApiKeyRow, 'name' | 'role'> | undefined> {
  const [row] = await db.select({ name: apiKeys.name, role: apiKeys.role }).from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt))).limit(1);
  return row;
}

/** Stores a new key's hash under its name, audited as `actor`; a name in use (even revoked) is refused. */
export async function insertApiKey(db: Database, key: { name: string; role: Role; keyHash: string; hint: string }, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [inserted] = await tx.insert(apiKeys).values({ ...key, createdBy: actor }).onConflictDoNothing({ target: apiKeys.name }).returning({ id: apiKeys.id });
    if (!inserted) throw new ApiKeyNameTakenError(key.name);
    await tx.insert(auditEvents).values({ actor, action: 'api_key.created', reason: `key ${key.name} (${key.role})`, subjectType: 'api_key', subjectId: key.name, details: { role: key.role, hint: key.hint } });
  });
}

/** Revokes the live key of this name, audited; false when there is none. */
export async function revokeApiKey(db: Database, name: string, actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const revoked = await tx.update(apiKeys).set({ revokedAt: sql`now()`, revokedBy: actor })
      .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
    if (revoked.length === 0) return false;
    await tx.insert(auditEvents).values({ actor, action: 'api_key.revoked', reason: `key ${name}`, subjectType: 'api_key', subjectId: name, details: {} });
    return true;
  });
}

export async function listApiKeys(db: Database): Promise<Array<Omit<ApiKeyRow, 'keyHash'>>> {
  return db.select({
    id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, hint: apiKeys.hint, createdAt: apiKeys.createdAt, createdBy: apiKeys.createdBy,
    revokedAt: apiKeys.revokedAt, revokedBy: apiKeys.revokedBy,
  }).from(apiKeys).orderBy(asc(apiKeys.id));
}
