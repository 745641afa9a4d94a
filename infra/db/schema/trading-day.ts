import { doublePrecision, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The account as first observed in a trading day, by whichever process saw it first (risk monitor, workflow, hot
 * path): what the day's P/L is counted from. Realized P/L after the mark is the broker's lifetime realized P/L minus
 * its value at the mark; before the mark, the sum of the fills recorded since the day began.
 */
export const tradingDayMarks = pgTable('trading_day_marks', {
  accountId: text('account_id').notNull(),
  dayStart: timestamp('day_start', { withTimezone: true }).notNull(),
  lifetimeRealizedPlUsd: doublePrecision('lifetime_realized_pl_usd').notNull(),
  /** For an account kept in another currency: its lifetime realized P/L in that currency, which rates do not move. */
  lifetimeRealizedPlHome: doublePrecision('lifetime_realized_pl_home'),
  realizedBeforeMarkUsd: doublePrecision('realized_before_mark_usd').notNull(),
  unrealizedPlUsd: doublePrecision('unrealized_pl_usd').notNull(),
  navUsd: doublePrecision('nav_usd').notNull(),
  recordedBy: text('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [primaryKey({ columns: [table.accountId, table.dayStart] })]);
