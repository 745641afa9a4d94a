import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Each audit event the notification dispatcher has handled (claimed in the transaction that starts its deliveries,
 * so two workers never both start them), with the notification it called for and the sinks it went to. Kept a day.
 */
export const notificationDispatches = pgTable('notification_dispatches', {
  auditEventId: bigint('audit_event_id', { mode: 'number' }).primaryKey(),
  kind: text('kind'),
  sinks: text('sinks').array().notNull().default([]),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  index('notification_dispatches_dispatched_at_idx').on(table.dispatchedAt),
]);
