import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { msToNumber } from '@temporalio/common';
import { summarizeHealth } from '../../domain/health';
import { latestComponentHealth } from '../../infra/db/queries/health';
import { workflowRunUrl } from '../../infra/orchestration/temporal-client';
import { HEALTH_CHECK_WORKFLOW, type HealthCheckInput } from '../../workflows/definitions/health-check';
import type { ApiDependencies } from '../dependencies';
import { parseOrThrow } from '../validation';

const healthCheckRequest = z.strictObject({
  requestedBy: z.string().trim().min(1).max(200).optional(),
}).default({});

/** System health: the latest recorded state of each component, and an on-demand health check run. */
export function systemRoutes({ config, database, temporal }: ApiDependencies): Router {
  const router = Router();

  // Two missed schedule runs and a little slack: older than this, a check no longer speaks for now.
  const staleAfterMs = 2 * msToNumber(config.HEALTH_CHECK_SCHEDULE) + 10_000;

  router.get('/api/system/health', async (_request, response) => {
    const latest = await latestComponentHealth(database.db);
    const summary = summarizeHealth(
      latest.map((row) => ({ ...row, detail: row.detail ?? '', checkedAtMs: row.checkedAt.getTime() })),
      Date.now(),
      staleAfterMs,
    );
    response.json({ ...summary, staleAfterMs });
  });

  router.post('/api/system/health-check', async (request, response) => {
    const body = parseOrThrow(healthCheckRequest, request.body ?? {}, 'body');
    const input: HealthCheckInput = { trigger: 'api', requestedBy: body.requestedBy };
    const workflowId = `health-check-api-${randomUUID()}`;
    const handle = await temporal.client.workflow.start(HEALTH_CHECK_WORKFLOW, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
    });
    response.status(202).json({
      workflowId,
      runId: handle.firstExecutionRunId,
      webUiUrl: workflowRunUrl(config.TEMPORAL_UI_URL, temporal.namespace, workflowId, handle.firstExecutionRunId),
    });
  });

  return router;
}
