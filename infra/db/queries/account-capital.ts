import { and, desc, eq, lte } from 'drizzle-orm';
import type { Database } from '../client';
import { accounts, riskSnapshots } from '../schema';

export interface AccountCapital {
  amount: number;
  from: 'risk snapshot' | 'opening balance';
}

/**
 * What the account was worth at `atMs`: the NAV of the risk monitor's last snapshot by then, or, before the monitor
 * ever measured it, the balance it was first recorded with. Undefined when neither is known.
 */
export async function accountCapitalAt(db: Database, accountId: string, atMs: number): Promise<AccountCapital | undefined> {
  const [snapshot] = await db.select({ navUsd: riskSnapshots.navUsd }).from(riskSnapshots)
    .where(and(eq(riskSnapshots.accountId, accountId), lte(riskSnapshots.takenAt, new Date(atMs))))
    .orderBy(desc(riskSnapshots.takenAt)).limit(1);
  if (snapshot && snapshot.navUsd > 0) return { amount: snapshot.navUsd, from: 'risk snapshot' };
  const [account] = await db.select({ openingBalance: accounts.openingBalance }).from(accounts).where(eq(accounts.id, accountId));
  const opening = account?.openingBalance;
  return opening !== null && opening !== undefined && opening > 0 ? { amount: opening, from: 'opening balance' } : undefined;
}
