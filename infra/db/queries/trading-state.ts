import { inArray, sql } from 'drizzle-orm';
import { moreSevere, type TradingState } from '../../../domain/risk/trading-state';
import type { Database } from '../client';
import { SYSTEM_SCOPE, tradingStates } from '../schema';

export interface EffectiveTradingState {
  state: TradingState;
  /** Why, from the row that decided it; absent when nothing is set (ACTIVE by default). */
  reason?: string;
  scope?: string;
}

/** The state that applies to an account: the more severe of the system's and the account's own; none set is ACTIVE. */
export async function effectiveTradingState(db: Database, accountId: string): Promise<EffectiveTradingState> {
  const rows = await db.select().from(tradingStates).where(inArray(tradingStates.scope, [SYSTEM_SCOPE, accountId]));
  let effective: EffectiveTradingState = { state: 'ACTIVE' };
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
