import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MONEY_TABLES, MONTH_PATTERN, partitionName, type MoneyTable } from '../../domain/retention/archivable-month';
import type { DatabaseHandle } from '../../infra/db/client';
import { detachPartition, dropArchivedPartition, partitionRowCount, partitionState, rowsAsJson } from '../../infra/db/queries/money-partitions';
import { archiveCandidate } from '../../infra/retention/archive-precondition';
import { fileDigest, verifyArchive, writeArchive, type ArchiveFile } from '../../infra/storage/partition-archive';
import { heartbeating } from '../heartbeating';

export interface ArchiveActivityDeps {
  database: DatabaseHandle;
  clock: () => number;
  /** Where archived months are written: <archiveDir>/<table>/<partition>.jsonl.gz. */
  archiveDir: string;
  archiveMinAgeDays: number;
}

export interface ArchiveRequest {
  table: string;
  month: string;
  /** The identity that asked, the actor of the audit event. */
  requestedBy: string;
}

export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
export type { ArchiveFile };

/** The three steps of archiving a month of a money table, each safe to retry and to run again after a crash. */
export function createArchiveActivities(deps: ArchiveActivityDeps) {
  const { db, pool } = deps.database;
  const target = (request: ArchiveRequest) => {
    if (!(MONEY_TABLES as readonly string[]).includes(request.table) || !MONTH_PATTERN.test(request.month)) {
      throw ApplicationFailure.nonRetryable(`archive: table must be one of ${MONEY_TABLES.join(', ')} and month YYYY-MM, got ${request.table} ${request.month}`, 'INVALID_ARCHIVE_REQUEST');
    }
    const table = request.table as MoneyTable;
    const partition = partitionName(table, request.month);
    return { table, partition, file: join(deps.archiveDir, table, `${partition}.jsonl.gz`) };
  };

  return {
    /** Takes the month out of its table, once it may leave; true when an earlier run archived it already. */
    async detachMoneyPartition(request: ArchiveRequest): Promise<{ alreadyArchived: boolean }> {
      const { table, file } = target(request);
      const candidate = await archiveCandidate(db, table, request.month, deps.clock(), deps.archiveMinAgeDays);
      if (candidate.state === 'absent' && existsSync(file)) return { alreadyArchived: true };
      // Detached is where a run that crashed after this step left it: the next steps carry on from there.
      if (candidate.refusal && candidate.refusal.kind !== 'archive_under_way') throw ApplicationFailure.nonRetryable(candidate.refusal.message, candidate.refusal.kind.toUpperCase());
      if (candidate.state === 'attached') await detachPartition(db, table, candidate.partition);
      return { alreadyArchived: false };
    },

    /** Writes the detached month to its file, then reads the file back against the table, row by row. */
    exportDetachedPartition: heartbeating(async (request: ArchiveRequest): Promise<ArchiveFile> => {
      const { partition, file } = target(request);
      await writeArchive(file, rowsAsJson(pool, partition));
      return verifyArchive(file, rowsAsJson(pool, partition));
    }),

    /**
     * Drops the detached month once its file still holds what was verified, with the audit event of the archive in the
     * same transaction. A retry after the drop committed finds nothing left to do.
     */
    async dropArchivedPartition(request: ArchiveRequest & { archive: ArchiveFile }): Promise<void> {
      const { table, partition, file } = target(request);
      const state = await partitionState(db, table, partition);
      if (state === 'absent') return;
      if (state === 'attached') throw ApplicationFailure.nonRetryable(`${partition} was attached again during its archive: nothing dropped`, 'PARTITION_REATTACHED');
      const [digest, rows] = await Promise.all([fileDigest(file), partitionRowCount(db, partition)]);
      if (digest.sha256 !== request.archive.sha256 || rows !== request.archive.rows) {
        throw ApplicationFailure.nonRetryable(`${file} or ${partition} changed since the archive was verified: nothing dropped`, 'ARCHIVE_CHANGED');
      }
      const execution = Context.current().info.workflowExecution;
      await dropArchivedPartition(db, table, partition, {
        actor: request.requestedBy, action: 'money_partition.archived', reason: `${table} of ${request.month} moved to ${file}`,
        subjectType: 'partition', subjectId: partition, workflowId: execution?.workflowId, runId: execution?.runId,
        details: { table, month: request.month, file, rows, bytes: digest.bytes, sha256: digest.sha256 },
      });
    },
  };
}
