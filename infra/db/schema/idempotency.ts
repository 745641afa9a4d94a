import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Idempotency-Key headers of the POSTs that start workflows: the same key and request give the same run; the same
 * key with another request is refused. The workflow id is chosen when the key is first seen, so a retry after a
 * crash between this row and the start starts (or finds) the same workflow.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  /** Keys are scoped to the caller: two identities may use the same key without meeting. */
  identity: text('identity').notNull().default(''),
  key: text('key').notNull(),
  /** sha256 of the method, route and canonical JSON body. */
  requestHash: text('request_hash').notNull(),
  route: text('route').notNull(),
  workflowId: text('workflow_id').notNull(),
  runId: text('run_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [primaryKey({ columns: [table.identity, table.key] })]);
