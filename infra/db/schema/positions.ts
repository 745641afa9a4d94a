import { bigserial, doublePrecision, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The broker's positions as a workflow saw them when it reconciled: one row per instrument per snapshot. */
export const positionSnapshots = pgTable('position_snapshots', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: text('account_id').notNull(),
  instrument: text('instrument').notNull(),
  netUnits: doublePrecision('net_units').notNull(),
  averagePriceQuote: doublePrecision('average_price_quote'),
  unrealizedPl: doublePrecision('unrealized_pl').notNull(),
  workflowId: text('workflow_id'),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  index('position_snapshots_account_taken_idx').on(table.accountId, table.takenAt),
]);
