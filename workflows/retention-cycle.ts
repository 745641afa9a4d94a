import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/maintenance/retention-activities';
import type { RetentionCycleInput, RetentionCycleResult } from './definitions/retention-cycle';

const { pruneExpiredRows } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', maximumAttempts: 3 },
});

/** Prunes each operational table past its retention, one table after another (a step each in the Web UI). */
export async function retentionCycle(input: RetentionCycleInput): Promise<RetentionCycleResult> {
  const pruned = [];
  for (const policy of input.policies) pruned.push(await pruneExpiredRows({ ...policy, batchSize: input.batchSize }));
  return { pruned };
}
