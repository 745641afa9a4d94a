import { bigserial, check, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { OrderStatus } from '../../../domain/trading/order-outcome';
import { accounts } from './accounts';

export const ORDER_SOURCES = ['workflow', 'hot_path', 'api', 'emergency_stop'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

/**
 * Every order the product sends, whichever path placed it. The client order id is what the broker sees in
 * clientExtensions.id. The table is partitioned by month of created_at (migration 0013), so a unique index could not
 * hold the client order id alone: a trigger claims each id in `order_client_ids` instead, and an insert whose id is
 * already claimed writes nothing, so a retried placement can never write a second row.
 */
export const orders = pgTable('orders', {
  id: bigserial('id', { mode: 'number' }).notNull(),
  clientOrderId: text('client_order_id').notNull(),
  accountId: text('account_id').notNull().references(() => accounts.id),
  instrument: text('instrument').notNull(),
  units: numeric('units', { mode: 'number' }).notNull(),
  type: text('type').notNull(),
  limitPrice: numeric('limit_price', { mode: 'number' }),
  stopLossPrice: numeric('stop_loss_price', { mode: 'number' }),
  takeProfitPrice: numeric('take_profit_price', { mode: 'number' }),
  status: text('status').$type<OrderStatus>().notNull(),
  brokerOrderId: text('broker_order_id'),
  filledUnits: numeric('filled_units', { mode: 'number' }),
  fillPrice: numeric('fill_price', { mode: 'number' }),
  rejectReason: text('reject_reason'),
  /**
   * The account's last transaction id read before the order was first sent: a look-up searches the transactions
   * since it, because the venue may not find a just-filled order by its client id alone.
   */
  lastKnownTransactionId: text('last_known_transaction_id'),
  source: text('source').$type<OrderSource>().notNull(),
  strategy: text('strategy'),
  paramsVersion: integer('params_version'),
  workflowId: text('workflow_id'),
  runId: text('run_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  primaryKey({ columns: [table.id, table.createdAt] }),
  index('orders_client_order_idx').on(table.clientOrderId),
  index('orders_account_created_idx').on(table.accountId, table.createdAt),
  index('orders_workflow_idx').on(table.workflowId),
  index('orders_strategy_version_idx').on(table.strategy, table.paramsVersion),
  // The continuous reconciler asks for the unsettled rows of an account every few seconds.
  index('orders_unsettled_idx').on(table.accountId, table.updatedAt).where(sql`${table.status} in ('submitting', 'pending')`),
  check('orders_units_nonzero_check', sql`${table.units} <> 0`),
  check('orders_status_check', sql`${table.status} in ('submitting', 'pending', 'filled', 'cancelled', 'rejected')`),
  check('orders_source_check', sql`${table.source} in ('workflow', 'hot_path', 'api', 'emergency_stop')`),
]);

/** Every client order id ever written to `orders`, claimed by its insert trigger: the uniqueness the partitions cannot hold. */
export const orderClientIds = pgTable('order_client_ids', {
  clientOrderId: text('client_order_id').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
