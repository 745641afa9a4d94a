import { bigserial, doublePrecision, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** What the risk monitor computed for an account at one moment (USD figures). */
export const riskSnapshots = pgTable('risk_snapshots', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: text('account_id').notNull(),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  navUsd: doublePrecision('nav_usd').notNull(),
  grossExposureUsd: doublePrecision('gross_exposure_usd').notNull(),
  netExposureUsd: doublePrecision('net_exposure_usd').notNull(),
  largestConcentration: doublePrecision('largest_concentration').notNull(),
  var95Usd: doublePrecision('var95_usd'),
  var99Usd: doublePrecision('var99_usd'),
  es95Usd: doublePrecision('es95_usd'),
  es99Usd: doublePrecision('es99_usd'),
  dailyPnlUsd: doublePrecision('daily_pnl_usd').notNull(),
  drawdown: doublePrecision('drawdown').notNull(),
  /** Exposure and concentration per instrument, the VaR method and history used, breaker observations. */
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  workflowId: text('workflow_id'),
}, (table) => [
  index('risk_snapshots_account_taken_idx').on(table.accountId, table.takenAt.desc()),
]);

/**
 * The circuit-breaker board (domain/risk/circuit-breakers: plain JSON) of a scope: 'system' or an account id.
 * Whoever trips or resets a breaker writes the board and the resulting trading_state in one transaction.
 */
export const circuitBreakers = pgTable('circuit_breakers', {
  scope: text('scope').primaryKey(),
  board: jsonb('board').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});
