import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { RETENTION_CYCLE_WORKFLOW, RETENTION_SCHEDULE_ID, type RetentionCycleInput } from '../../workflows/definitions/retention-cycle';
import { ensureSchedule, type EnsureOutcome } from './schedules';

/** What the retention cycle prunes, from configuration. */
export function retentionCycleInput(config: AppConfig): RetentionCycleInput {
  return {
    policies: [
      { table: 'hot_path_decisions', retentionDays: config.RETENTION_HOT_PATH_DECISIONS_DAYS },
      { table: 'component_health', retentionDays: config.RETENTION_COMPONENT_HEALTH_DAYS },
      { table: 'risk_snapshots', retentionDays: config.RETENTION_RISK_SNAPSHOTS_DAYS },
      { table: 'candles', retentionDays: config.RETENTION_CANDLES_DAYS },
      { table: 'backtest_runs', retentionDays: config.RETENTION_BACKTEST_RUNS_DAYS },
    ],
    batchSize: config.RETENTION_BATCH_SIZE,
  };
}

export function ensureRetentionSchedule(client: Client, config: AppConfig): Promise<EnsureOutcome> {
  return ensureSchedule(client, {
    scheduleId: RETENTION_SCHEDULE_ID,
    every: config.RETENTION_SCHEDULE,
    workflowType: RETENTION_CYCLE_WORKFLOW,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [retentionCycleInput(config)],
    note: 'Prunes the operational tables (hot-path decisions, health checks, risk snapshots, candles, backtest trials) past their retention and creates the money tables\' next monthly partitions.',
  });
}
