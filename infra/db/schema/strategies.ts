import { check, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const STRATEGY_PARAM_STATUSES = ['candidate', 'active', 'retired'] as const;
export type StrategyParamStatus = (typeof STRATEGY_PARAM_STATUSES)[number];

/**
 * Versioned strategy parameters. The cold path writes candidates and promotes one to active; the hot path and
 * analysis-to-trade trade the active one. At most one version per strategy is active (partial unique index).
 */
export const strategyParams = pgTable('strategy_params', {
  id: serial('id').primaryKey(),
  strategy: text('strategy').notNull(),
  version: integer('version').notNull(),
  params: jsonb('params').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<StrategyParamStatus>().notNull().default('candidate'),
  metrics: jsonb('metrics').$type<Record<string, unknown>>(),
  createdBy: text('created_by').notNull(),
  reason: text('reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  activatedAt: timestamp('activated_at', { withTimezone: true }),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
}, (table) => [
  uniqueIndex('strategy_params_strategy_version_idx').on(table.strategy, table.version),
  uniqueIndex('strategy_params_one_active_idx').on(table.strategy).where(sql`${table.status} = 'active'`),
  check('strategy_params_status_check', sql`${table.status} in ('candidate', 'active', 'retired')`),
  check('strategy_params_version_positive_check', sql`${table.version} > 0`),
]);
