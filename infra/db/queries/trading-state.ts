import { eq, inArray, sql } from 'drizzle-orm';
import { moreSevere, type TradingState } from '../../../domain/risk/trading-state';
import type { Database } from '../client';
import { accounts, SYSTEM_SCOPE, tradingStates } from '../schema';

export interface EffectiveTradingState {
  state: TradingState;
  /** Why, from the row that decided it; absent when nothing is set (ACTIVE by default). */
  reason?: string;
  scope?: string;
}

/** Why a disabled account is HALTED (accounts.enabled). */
export const ACCOUNT_DISABLED_REASON = 'account disabled';

/**
 * The state that applies to an account: the most severe of the system's, the account's own, and HALTED while the
 * account is disabled; none set is ACTIVE.
 */
export async function effectiveTradingState(db: Database, accountId: string): Promise<EffectiveTradingState> {
  const [rows, [account]] = await Promise.all([
    db.select().from(tradingStates).where(inArray(tradingStates.scope, [SYSTEM_SCOPE, accountId])),
    db.select({ enabled: accounts.enabled }).from(accounts).where(eq(accounts.id, accountId)).limit(1),
  ]);
  let effective: EffectiveTradingState = account?.enabled === false ? { state: 'HALTED', reason: ACCOUNT_DISABLED_REASON, scope: accountId } : { state: 'ACTIVE' };
  for (const row of rows) {
    if (moreSevere(effective.state, row.state) !== effective.state) {
      effective = { state: row.state, reason: row.reason ?? undefined, scope: row.scope };
    }
  }
  return effective;
}

/** Sets the state of the system (scope 'system') or of one account (scope = account id). */
export async function setTradingState(db: Database, scope: string, state: TradingState, updatedBy: string, reason?: string): Promise<void> {
  await db.insert(tradingStates).values({ scope, state, updatedBy, reason }).onConflictDoUpdate({
    target: tradingStates.scope,
    set: { state, updatedBy, reason: reason ?? null, updatedAt: sql`now()` },
  });
}
