import { bigserial, check, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { TradeReduction } from '../../../domain/broker/transaction';

export const DECISION_OUTCOMES = ['hold', 'order', 'rejected', 'skipped'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Every decision the hot path made on a completed bar, written by its batched writer. */
export const hotPathDecisions = pgTable('hot_path_decisions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: text('account_id').notNull(),
  instrument: text('instrument').notNull(),
  barTime: timestamp('bar_time', { withTimezone: true }).notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  outcome: text('outcome').$type<DecisionOutcome>().notNull(),
  direction: smallint('direction'),
  confidence: doublePrecision('confidence'),
  strategy: text('strategy'),
  paramsVersion: integer('params_version'),
  clientOrderId: text('client_order_id'),
  /** Every failed pre-trade check, or why the decision was skipped. */
  reasons: jsonb('reasons').$type<unknown[]>().notNull().default([]),
  decisionLatencyNs: integer('decision_latency_ns'),
}, (table) => [
  index('hot_path_decisions_account_time_idx').on(table.accountId, table.decidedAt),
  check('hot_path_decisions_outcome_check', sql`${table.outcome} in ('hold', 'order', 'rejected', 'skipped')`),
]);

/**
 * Fills as the broker reported them (one per fill transaction), whichever path placed the order. The trade a fill
 * opened and the trades it closed tie every realized P/L to the order that opened the trade, and through it to the
 * strategy version that placed it, also when a stop-loss, take-profit or another path's order closed it. Partitioned by
 * month of filled_at (migration 0013).
 */
export const fills = pgTable('fills', {
  id: bigserial('id', { mode: 'number' }).notNull(),
  accountId: text('account_id').notNull(),
  transactionId: text('transaction_id').notNull(),
  clientOrderId: text('client_order_id'),
  brokerOrderId: text('broker_order_id'),
  instrument: text('instrument').notNull(),
  units: numeric('units', { mode: 'number' }).notNull(),
  priceQuote: numeric('price_quote', { mode: 'number' }).notNull(),
  realizedPl: numeric('realized_pl', { mode: 'number' }),
  tradeOpenedId: text('trade_opened_id'),
  tradesClosed: jsonb('trades_closed').$type<TradeReduction[]>().notNull().default([]),
  reason: text('reason'),
  filledAt: timestamp('filled_at', { withTimezone: true }).notNull(),
  source: text('source').$type<'workflow' | 'hot_path' | 'venue'>().notNull(),
}, (table) => [
  primaryKey({ columns: [table.id, table.filledAt] }),
  // filled_at is the broker's time of the transaction, the same for every writer, so it keeps a fill unique.
  uniqueIndex('fills_account_transaction_idx').on(table.accountId, table.transactionId, table.filledAt),
  index('fills_client_order_idx').on(table.clientOrderId),
  index('fills_account_filled_idx').on(table.accountId, table.filledAt),
]);

/**
 * What each running hot-path process says of itself, refreshed every few seconds: the api's GET /api/hot-path reads
 * it (the api and the hot path meet in Postgres), and a row not refreshed for a while belongs to a stopped process.
 */
export const hotPathStatus = pgTable('hot_path_status', {
  processKey: text('process_key').primaryKey(),
  accountId: text('account_id').notNull(),
  status: jsonb('status').$type<Record<string, unknown>>().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
