import { bigint, bigserial, check, doublePrecision, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const SIGNAL_STATUSES = ['skipped', 'below_threshold', 'rejected', 'approved'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/**
 * One row per instrument a workflow analysed: what the strategy decided, and why it was or was not traded. A skipped
 * instrument (bad data) and a rejected signal (failed pre-trade checks) carry every reason in `reasons`.
 */
export const signals = pgTable('signals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: text('account_id').notNull(),
  instrument: text('instrument').notNull(),
  strategy: text('strategy').notNull(),
  paramsVersion: integer('params_version'),
  granularity: text('granularity').notNull(),
  direction: smallint('direction').notNull(),
  confidence: doublePrecision('confidence').notNull(),
  candleTimeMs: bigint('candle_time_ms', { mode: 'number' }),
  status: text('status').$type<SignalStatus>().notNull(),
  proposedUnits: doublePrecision('proposed_units'),
  reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
  workflowId: text('workflow_id').notNull(),
  runId: text('run_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  // A retried recording activity must not write a second row for the same decision.
  uniqueIndex('signals_workflow_instrument_idx').on(table.workflowId, table.instrument),
  index('signals_account_created_idx').on(table.accountId, table.createdAt),
  check('signals_status_check', sql`${table.status} in ('skipped', 'below_threshold', 'rejected', 'approved')`),
]);
