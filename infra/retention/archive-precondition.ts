import { archiveRefusal, partitionName, type MoneyTable } from '../../domain/retention/archivable-month';
import type { Database } from '../db/client';
import { partitionState, unsettledOrderCount, type PartitionState } from '../db/queries/money-partitions';

export type ArchiveRefusalKind = 'too_recent' | 'no_partition' | 'archive_under_way' | 'unsettled_orders';

export interface ArchiveCandidate {
  partition: string;
  state: PartitionState;
  /** Why it may not be archived now; absent when it may. */
  refusal?: { kind: ArchiveRefusalKind; message: string };
}

/**
 * Whether a month of a money table may be archived now. Only a month that ended ARCHIVE_MIN_AGE_DAYS ago, whose
 * partition is still attached, and (for orders) with no order still waiting for the broker's answer. The api asks it
 * before starting the archive, and the archive's first step again.
 */
export async function archiveCandidate(db: Database, table: MoneyTable, month: string, nowMs: number, minAgeDays: number): Promise<ArchiveCandidate> {
  const partition = partitionName(table, month);
  const state = await partitionState(db, table, partition);
  const tooRecent = archiveRefusal(month, nowMs, minAgeDays);
  if (tooRecent) return { partition, state, refusal: { kind: 'too_recent', message: tooRecent } };
  if (state === 'absent') return { partition, state, refusal: { kind: 'no_partition', message: `no partition ${partition}: nothing was written in ${month}, or it is archived already` } };
  if (state === 'detached') return { partition, state, refusal: { kind: 'archive_under_way', message: `${partition} is detached: an archive of it is under way` } };
  const unsettled = table === 'orders' ? await unsettledOrderCount(db, partition) : 0;
  if (unsettled > 0) {
    return { partition, state, refusal: { kind: 'unsettled_orders', message: `${partition} holds ${unsettled} orders still waiting for the broker's answer: the reconciler settles them first` } };
  }
  return { partition, state };
}
