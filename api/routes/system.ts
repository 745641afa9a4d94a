import { msToNumber } from '@temporalio/common';
import { z } from 'zod';
import { summarizeHealth } from '../../domain/health';
import { MONEY_TABLES, MONTH_PATTERN } from '../../domain/retention/archivable-month';
import { latestComponentHealth } from '../../infra/db/queries/health';
import { readDatabaseSize } from '../../infra/db/queries/storage';
import { archiveCandidate, type ArchiveRefusalKind } from '../../infra/retention/archive-precondition';
import { LOCAL_STORES, localStoreFiles } from '../../infra/storage/local-store-files';
import { ARCHIVE_MONEY_PARTITION_WORKFLOW, type ArchiveMoneyPartitionInput } from '../../workflows/definitions/archive-money-partition';
import { HEALTH_CHECK_WORKFLOW, type HealthCheckInput } from '../../workflows/definitions/health-check';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { note } from '../schemas/common';
import { createWorkflowStarter } from '../workflow-starter';
import { startWorkflowOperation } from './start-workflow-operation';
import { STARTED_RESPONSES } from './started-responses';

const healthCheckRequest = z.strictObject({ requestedBy: note }).default({});
const archiveRequest = z.strictObject({
  table: z.enum(MONEY_TABLES),
  month: z.string().regex(MONTH_PATTERN, 'expected a month as YYYY-MM'),
  requestedBy: note,
});
const ARCHIVE_REFUSAL_STATUS: Record<ArchiveRefusalKind, number> = { too_recent: 400, no_partition: 404, archive_under_way: 409, unsettled_orders: 409 };
const storage = z.object({
  database: z.object({
    bytes: z.number(),
    tables: z.array(z.object({ table: z.string(), partitionOf: z.string().nullable(), bytes: z.number(), rowsEstimate: z.number() })),
  }),
  localFiles: z.array(z.object({ store: z.enum(LOCAL_STORES), file: z.string(), bytes: z.number() })),
});
const health = z.object({ overall: z.string(), components: z.array(z.object({ component: z.string(), status: z.string() }).loose()), staleAfterMs: z.number() });

/** System health: the latest recorded state of each component, an on-demand health check run, and storage sizes. */
export function systemOperations(deps: ApiDependencies): Operation[] {
  const { config, database } = deps;
  const startWorkflow = createWorkflowStarter(deps);
  const { 404: _noAccount, ...started } = STARTED_RESPONSES;
  // Two missed schedule runs and a little slack: older than this, a check no longer speaks for now.
  const staleAfterMs = 2 * msToNumber(config.HEALTH_CHECK_SCHEDULE) + 10_000;

  return [
    operation({
      method: 'get', path: '/api/system/health', operationId: 'getSystemHealth', tag: 'system', access: 'viewer',
      summary: 'The latest recorded health of each component (postgres, temporal, broker); a check older than two schedule periods is stale.',
      responses: { 200: { description: 'each component\'s latest check', schema: health } },
      async handle(_input, response) {
        const latest = await latestComponentHealth(database.db);
        const summary = summarizeHealth(latest.map((row) => ({ ...row, detail: row.detail ?? '', checkedAtMs: row.checkedAt.getTime() })), Date.now(), staleAfterMs);
        response.json({ ...summary, staleAfterMs });
      },
    }),
    operation({
      method: 'get', path: '/api/system/storage', operationId: 'getSystemStorage', tag: 'system', access: 'viewer',
      summary: 'What the system stores and how big it is: the database and each table and partition (largest first), and the files of the stores kept on this machine under DATA_DIR (the simulator\'s state, the Temporal dev server\'s database).',
      responses: { 200: { description: 'sizes in bytes', schema: storage } },
      async handle(_input, response) {
        const { databaseBytes, tables } = await readDatabaseSize(database.db);
        response.json({ database: { bytes: databaseBytes, tables }, localFiles: await localStoreFiles(config.DATA_DIR) });
      },
    }),
    startWorkflowOperation(startWorkflow, config.API_WAIT_MAX_MS, {
      path: '/api/system/health-check', operationId: 'startHealthCheck', tag: 'system', access: 'trader',
      summary: 'Runs the healthCheck workflow now (the schedule runs it every HEALTH_CHECK_SCHEDULE).',
      body: healthCheckRequest, responses: started, workflowType: HEALTH_CHECK_WORKFLOW, idPrefix: 'health-check-api',
      input: (_body, identity): HealthCheckInput => ({ trigger: 'api', requestedBy: identity.name }),
    }),
    startWorkflowOperation(startWorkflow, config.API_WAIT_MAX_MS, {
      path: '/api/system/archive', operationId: 'archiveMoneyPartition', tag: 'system', access: 'admin',
      summary: `Moves one month (UTC) of orders, fills or audit events out of the database into a compressed file under ARCHIVE_DIR, read back and checked row by row before its partition is dropped, with an audit event naming the caller. Only a month that ended ARCHIVE_MIN_AGE_DAYS (${config.ARCHIVE_MIN_AGE_DAYS}) ago, with no order still waiting for the broker.`,
      body: archiveRequest,
      responses: { ...started, 404: { description: 'the table has no partition for that month' }, 409: { description: 'the Idempotency-Key was used with another request, an archive of that month is under way, or it holds unsettled orders' } },
      workflowType: ARCHIVE_MONEY_PARTITION_WORKFLOW, idPrefix: 'archive',
      async check(body) {
        const { refusal } = await archiveCandidate(database.db, body.table, body.month, Date.now(), config.ARCHIVE_MIN_AGE_DAYS);
        if (!refusal) return;
        const status = ARCHIVE_REFUSAL_STATUS[refusal.kind];
        throw new HttpError(status, refusal.message, status === 400 ? { fields: [{ field: 'month', message: refusal.message }] } : undefined);
      },
      input: (body, identity): ArchiveMoneyPartitionInput => ({ table: body.table, month: body.month, requestedBy: identity.name }),
    }),
  ];
}
