import type { ArchiveFile } from '../../activities/maintenance/archive-activities';
import type { MoneyTable } from '../../domain/retention/archivable-month';

export const ARCHIVE_MONEY_PARTITION_WORKFLOW = 'archiveMoneyPartition';

export interface ArchiveMoneyPartitionInput {
  table: MoneyTable;
  /** YYYY-MM, UTC. */
  month: string;
  requestedBy: string;
}

export type ArchiveMoneyPartitionResult =
  | { outcome: 'archived'; archive: ArchiveFile }
  | { outcome: 'already_archived' };
