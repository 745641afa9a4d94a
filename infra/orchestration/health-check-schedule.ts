import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { HEALTH_CHECK_SCHEDULE_ID, HEALTH_CHECK_WORKFLOW, type HealthCheckInput } from '../../workflows/definitions/health-check';
import { ensureSchedule, type EnsureOutcome } from './schedules';

export function ensureHealthCheckSchedule(client: Client, config: AppConfig): Promise<EnsureOutcome> {
  const input: HealthCheckInput = { trigger: 'schedule' };
  return ensureSchedule(client, {
    scheduleId: HEALTH_CHECK_SCHEDULE_ID,
    every: config.HEALTH_CHECK_SCHEDULE,
    workflowType: HEALTH_CHECK_WORKFLOW,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [input],
    note: 'Probes Postgres, Temporal and the broker; records component_health rows.',
  });
}
