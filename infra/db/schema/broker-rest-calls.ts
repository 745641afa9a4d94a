import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * REST calls admitted to the broker per account, kind (read or placement) and tenth of a second, by every process
 * together: the budget OANDA gives an account is shared by all workers and hot paths (infra/broker/rest-call-budget.ts).
 */
export const brokerRestCalls = pgTable('broker_rest_calls', {
  accountId: text('account_id').notNull(),
  kind: text('kind').notNull(),
  /** Epoch milliseconds at which the window starts. */
  windowStartMs: bigint('window_start_ms', { mode: 'number' }).notNull(),
  calls: integer('calls').notNull(),
}, (table) => [primaryKey({ columns: [table.accountId, table.kind, table.windowStartMs] })]);
