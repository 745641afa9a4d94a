import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only record of who did what, why, and under which workflow. A trigger refuses UPDATE, DELETE and TRUNCATE;
 * monthly partitions of occurred_at (migration 0013) leave it only by the audited archive (docs/retention.md).
 */
export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  reason: text('reason'),
  subjectType: text('subject_type'),
  subjectId: text('subject_id'),
  workflowId: text('workflow_id'),
  runId: text('run_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
}, (table) => [
  primaryKey({ columns: [table.id, table.occurredAt] }),
  index('audit_events_occurred_at_idx').on(table.occurredAt),
  index('audit_events_subject_idx').on(table.subjectType, table.subjectId),
  index('audit_events_workflow_idx').on(table.workflowId),
]);
