import { eq, sql } from 'drizzle-orm';
import type { AccountLimitOverrides } from '../../../domain/risk/account-limits';
import type { Database } from '../client';
import { accounts, auditEvents, type Venue } from '../schema';

export interface AccountRecord {
  id: string;
  venue: Venue;
  alias?: string;
  currency?: string;
  openingBalance?: number;
}

/** Records an account the product may trade; an existing one keeps its opening balance and gets the new alias. */
export async function upsertAccount(db: Database, account: AccountRecord): Promise<void> {
  await db.insert(accounts).values(account).onConflictDoUpdate({
    target: accounts.id,
    set: { venue: account.venue, alias: account.alias ?? null, updatedAt: sql`now()` },
  });
}

export interface ConfiguredAccountRecord {
  id: string;
  venue: Venue;
  alias?: string;
  credential: string;
  limits: AccountLimitOverrides;
  /** From the broker: the account's own currency, and its balance in USD (the opening balance, when the account is new). */
  currency: string;
  balanceUsd: number;
}

/**
 * Records a configured account as the deployment trades it: venue, alias, credential variable and limit overrides
 * follow the configuration; an account already known keeps its opening balance and its enabled flag (an admin's).
 */
export async function recordConfiguredAccount(db: Database, account: ConfiguredAccountRecord): Promise<void> {
  const configured = { venue: account.venue, alias: account.alias ?? null, currency: account.currency, credential: account.credential, limitOverrides: account.limits };
  await db.insert(accounts).values({ id: account.id, ...configured, openingBalance: account.balanceUsd })
    .onConflictDoUpdate({ target: accounts.id, set: { ...configured, updatedAt: sql`now()` } });
}

/** Whether the product knows this account (it trades only accounts in its table). */
export async function accountExists(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, id)).limit(1);
  return row !== undefined;
}

const registryEntry = {
  id: accounts.id, venue: accounts.venue, alias: accounts.alias, currency: accounts.currency, enabled: accounts.enabled, credential: accounts.credential, limitOverrides: accounts.limitOverrides,
};

/** Every account in the registry, in id order. */
export async function listAccounts(db: Database) {
  return db.select(registryEntry).from(accounts).orderBy(accounts.id);
}

/** One account's registry entry, or undefined. */
export async function findAccount(db: Database, id: string) {
  const [row] = await db.select(registryEntry).from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
}

/**
 * Enables or disables an account, with the audit event naming who and why, in one transaction. Answers whether it
 * changed (false when it already was so), or undefined for an account not in the registry.
 */
export async function setAccountEnabled(db: Database, id: string, enabled: boolean, audit: { actor: string; reason: string; note?: string }): Promise<{ changed: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ enabled: accounts.enabled }).from(accounts).where(eq(accounts.id, id)).for('update');
    if (!current) return undefined;
    if (current.enabled === enabled) return { changed: false };
    await tx.update(accounts).set({ enabled, updatedAt: sql`now()` }).where(eq(accounts.id, id));
    await tx.insert(auditEvents).values({
      actor: audit.actor, action: enabled ? 'account.enabled' : 'account.disabled', reason: audit.reason, subjectType: 'account', subjectId: id, details: { enabled, note: audit.note },
    });
    return { changed: true };
  });
}
