import { patched, proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/maintenance/retention-activities';
import type { RetentionCycleInput, RetentionCycleResult } from './definitions/retention-cycle';

const { ensureMoneyPartitions, pruneExpiredRows } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', maximumAttempts: 3 },
});

/**
 * Prunes each operational table past its retention, one table after another (a step each in the Web UI), after
 * making sure the money tables have their next monthly partitions.
 */
export async function retentionCycle(input: RetentionCycleInput): Promise<RetentionCycleResult> {
  if (patched('money-partitions')) await ensureMoneyPartitions();
  const pruned = [];
  for (const policy of input.policies) pruned.push(await pruneExpiredRows({ ...policy, batchSize: input.batchSize }));
  return { pruned };
}
