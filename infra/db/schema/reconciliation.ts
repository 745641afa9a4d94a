import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { MismatchKind, MismatchStatus } from '../../../domain/reconciliation/explain-positions';
import { accounts } from './accounts';

/**
 * One row per account: what the continuous reconciler did last and in total. Kept as one row, not one per run, so it
 * stays the same size however long the system runs; what each run changed is in the audit log.
 */
export const reconciliationStatus = pgTable('reconciliation_status', {
  accountId: text('account_id').primaryKey().references(() => accounts.id),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
  lastRunDurationMs: integer('last_run_duration_ms').notNull(),
  /** The broker transaction the last run's books were compared through. */
  throughTransactionId: text('through_transaction_id'),
  runs: integer('runs').notNull(),
  lastOrdersChecked: integer('last_orders_checked').notNull(),
  ordersSettled: integer('orders_settled').notNull(),
  fillsRecorded: integer('fills_recorded').notNull(),
  openMismatches: integer('open_mismatches').notNull(),
  /** Why the last run compared no positions (the account kept moving, the fill record is catching up); null when it did. */
  positionsNotCompared: text('positions_not_compared'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Something at the broker the product's books do not explain: an open trade no known order opened, or an
 * instrument whose net units differ from the fills of known orders. Open while the reconciler still sees it; cleared
 * when it no longer does; accepted when an admin takes the broker's figure as the book's (for units, the difference
 * becomes a book adjustment).
 */
export const reconciliationMismatches = pgTable('reconciliation_mismatches', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: text('account_id').notNull().references(() => accounts.id),
  kind: text('kind').$type<MismatchKind>().notNull(),
  instrument: text('instrument').notNull(),
  /** The unexplained trade's broker id; '' for a units mismatch. */
  tradeId: text('trade_id').notNull().default(''),
  brokerUnits: numeric('broker_units', { mode: 'number' }).notNull(),
  bookUnits: numeric('book_units', { mode: 'number' }).notNull(),
  status: text('status').$type<MismatchStatus>().notNull().default('open'),
  /** Units added to the book when an admin accepted the broker's figure. */
  bookAdjustmentUnits: numeric('book_adjustment_units', { mode: 'number' }).notNull().default(0),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  resolvedBy: text('resolved_by'),
  resolution: text('resolution'),
}, (table) => [
  uniqueIndex('reconciliation_mismatches_open_idx').on(table.accountId, table.kind, table.instrument, table.tradeId).where(sql`${table.status} = 'open'`),
  index('reconciliation_mismatches_account_status_idx').on(table.accountId, table.status),
  check('reconciliation_mismatches_kind_check', sql`${table.kind} in ('unexplained_trade', 'units_differ')`),
  check('reconciliation_mismatches_status_check', sql`${table.status} in ('open', 'cleared', 'accepted')`),
]);
