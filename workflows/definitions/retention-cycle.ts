import type { PruneResult } from '../../activities/maintenance/retention-activities';

export const RETENTION_CYCLE_WORKFLOW = 'retentionCycle';
export const RETENTION_SCHEDULE_ID = 'retention';

export interface RetentionPolicy {
  table: string;
  retentionDays: number;
}

export interface RetentionCycleInput {
  policies: RetentionPolicy[];
  batchSize: number;
}

export interface RetentionCycleResult {
  pruned: PruneResult[];
}
