import { proxyActivities } from '@temporalio/workflow';
import type { ArchiveActivities } from '../activities/maintenance/archive-activities';
import type { ArchiveMoneyPartitionInput, ArchiveMoneyPartitionResult } from './definitions/archive-money-partition';

const steps = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * Moves one month of a money table out of the database: detach its partition, write it to a compressed file and
 * read the file back against the table, then drop the partition with an audit event naming who asked. Each step is
 * a step in the Web UI and safe to run again.
 */
export async function archiveMoneyPartition(input: ArchiveMoneyPartitionInput): Promise<ArchiveMoneyPartitionResult> {
  const { alreadyArchived } = await steps.detachMoneyPartition(input);
  if (alreadyArchived) return { outcome: 'already_archived' };
  const archive = await steps.exportDetachedPartition(input);
  await steps.dropArchivedPartition({ ...input, archive });
  return { outcome: 'archived', archive };
}
