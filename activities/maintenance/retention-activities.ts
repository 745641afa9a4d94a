import { ApplicationFailure } from '@temporalio/common';
import type { DatabaseHandle } from '../../infra/db/client';
import { ensureMoneyPartitions } from '../../infra/db/queries/money-partitions';
import { isPrunableTable, pruneOldestRows } from '../../infra/db/queries/retention';
import { heartbeating } from '../heartbeating';

const DAY_MS = 86_400_000;

export interface RetentionActivityDeps {
  database: DatabaseHandle;
  clock: () => number;
}

export interface PruneRequest {
  table: string;
  retentionDays: number;
  batchSize: number;
}

export interface PruneResult {
  table: string;
  deleted: number;
  /** Rows dated before this were deleted. */
  before: string;
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;

export function createRetentionActivities(deps: RetentionActivityDeps) {
  return {
    /** Creates the money tables' partitions for the months around now that are missing. */
    async ensureMoneyPartitions(): Promise<void> {
      await ensureMoneyPartitions(deps.database.db);
    },

    /** Deletes the table's rows older than its retention, batch after batch until none is left. */
    pruneExpiredRows: heartbeating(async (request: PruneRequest): Promise<PruneResult> => {
      if (!isPrunableTable(request.table)) throw ApplicationFailure.nonRetryable(`table ${request.table} is not pruned by retention`, 'INVALID_RETENTION_POLICY');
      if (!(request.retentionDays > 0) || !(Number.isInteger(request.batchSize) && request.batchSize > 0)) {
        throw ApplicationFailure.nonRetryable(`retention of ${request.table}: retentionDays and batchSize must be positive`, 'INVALID_RETENTION_POLICY');
      }
      const before = new Date(deps.clock() - request.retentionDays * DAY_MS);
      let deleted = 0;
      for (;;) {
        const batch = await pruneOldestRows(deps.database.db, request.table, before, request.batchSize);
        deleted += batch;
        if (batch < request.batchSize) return { table: request.table, deleted, before: before.toISOString() };
      }
    }),
  };
}
