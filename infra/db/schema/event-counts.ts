import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/*
 * Running totals kept by triggers (migration 0010) as rows are written, whichever process writes them: the worker
 * exports them as Prometheus counters without counting tables that grow for months, and they survive restarts.
 */

/** Orders that entered each status, by the path that placed them and the broker's or our reason. */
export const orderStatusCounts = pgTable('order_status_counts', {
  source: text('source').notNull(),
  status: text('status').notNull(),
  reason: text('reason').notNull().default(''),
  count: bigint('count', { mode: 'number' }).notNull(),
}, (table) => [primaryKey({ columns: [table.source, table.status, table.reason] })]);

/**
 * Fills recorded, by the transaction's reason (MARKET_ORDER, STOP_LOSS_ORDER, ...). Not by source: a fill first
 * recorded as the venue's gains its placing path later, and a total must never go down. Orders count by source.
 */
export const fillCounts = pgTable('fill_counts', {
  reason: text('reason').primaryKey(),
  count: bigint('count', { mode: 'number' }).notNull(),
});

/** Circuit-breaker trips, by scope and breaker, from the audit log. */
export const breakerTripCounts = pgTable('breaker_trip_counts', {
  scope: text('scope').notNull(),
  breaker: text('breaker').notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
}, (table) => [primaryKey({ columns: [table.scope, table.breaker] })]);
