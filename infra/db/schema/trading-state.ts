import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { TradingState } from '../../../domain/risk/trading-state';

/** The scope that applies to every account. */
export const SYSTEM_SCOPE = 'system';

/**
 * ACTIVE / REDUCING / HALTED for the whole system (scope 'system') or one account (scope = account id). The state
 * that applies to an account is the more severe of the two; no row means ACTIVE.
 */
export const tradingStates = pgTable('trading_state', {
  scope: text('scope').primaryKey(),
  state: text('state').$type<TradingState>().notNull(),
  reason: text('reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
}, (table) => [
  check('trading_state_state_check', sql`${table.state} in ('ACTIVE', 'REDUCING', 'HALTED')`),
]);
