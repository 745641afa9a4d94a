import { bigserial, check, doublePrecision, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** One row per component per health check run. */
export const componentHealth = pgTable('component_health', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  component: text('component').notNull(),
  status: text('status').$type<HealthStatus>().notNull(),
  latencyMs: doublePrecision('latency_ms').notNull(),
  detail: text('detail'),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  workflowId: text('workflow_id'),
  runId: text('run_id'),
}, (table) => [
  index('component_health_latest_idx').on(table.component, table.checkedAt.desc()),
  check('component_health_status_check', sql`${table.status} in ('healthy', 'degraded', 'unhealthy')`),
]);
