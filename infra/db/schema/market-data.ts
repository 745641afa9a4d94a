import { bigint, boolean, doublePrecision, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Candles fetched from the broker, cached so a rerun, a backtest or a person can see exactly what a decision was
 * made on. Keyed by instrument, granularity and start time; a later fetch of a still-forming candle overwrites it.
 */
export const candles = pgTable('candles', {
  instrument: text('instrument').notNull(),
  granularity: text('granularity').notNull(),
  timeMs: bigint('time_ms', { mode: 'number' }).notNull(),
  bidOpen: doublePrecision('bid_open').notNull(),
  bidHigh: doublePrecision('bid_high').notNull(),
  bidLow: doublePrecision('bid_low').notNull(),
  bidClose: doublePrecision('bid_close').notNull(),
  askOpen: doublePrecision('ask_open').notNull(),
  askHigh: doublePrecision('ask_high').notNull(),
  askLow: doublePrecision('ask_low').notNull(),
  askClose: doublePrecision('ask_close').notNull(),
  volume: integer('volume').notNull(),
  complete: boolean('complete').notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  primaryKey({ columns: [table.instrument, table.granularity, table.timeMs] }),
]);
