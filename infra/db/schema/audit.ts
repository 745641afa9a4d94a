import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only record of who did what, why, and under which workflow. A trigger refuses UPDATE and DELETE. */
export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
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
  index('audit_events_occurred_at_idx').on(table.occurredAt),
  index('audit_events_subject_idx').on(table.subjectType, table.subjectId),
  index('audit_events_workflow_idx').on(table.workflowId),
]);
