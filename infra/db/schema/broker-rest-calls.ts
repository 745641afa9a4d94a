import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Calls admitted to the broker per account and kind (read or placement), and new connections per host, in tenths of a
 * second, by every process together: OANDA's limits are shared by all workers and hot paths
 * (infra/broker/rest-call-budget.ts). `account_id` holds the host for connections.
 */
export const brokerRestCalls = pgTable('broker_rest_calls', {
  accountId: text('account_id').notNull(),
  kind: text('kind').notNull(),
  /** Epoch milliseconds at which the window starts. */
  windowStartMs: bigint('window_start_ms', { mode: 'number' }).notNull(),
  calls: integer('calls').notNull(),
}, (table) => [primaryKey({ columns: [table.accountId, table.kind, table.windowStartMs] })]);
