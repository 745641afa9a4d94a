import { Router } from 'express';
import { z } from 'zod';
import { msToNumber } from '@temporalio/common';
import { summarizeHealth } from '../../domain/health';
import { latestComponentHealth } from '../../infra/db/queries/health';
import { HEALTH_CHECK_WORKFLOW, type HealthCheckInput } from '../../workflows/definitions/health-check';
import type { ApiDependencies } from '../dependencies';
import { parseOrThrow } from '../validation';
import { createWorkflowStarter } from '../workflow-starter';
import { respondStarted } from './started-workflow';

const healthCheckRequest = z.strictObject({
  requestedBy: z.string().trim().min(1).max(200).optional(),
}).default({});

/** System health: the latest recorded state of each component, and an on-demand health check run. */
export function systemRoutes(deps: ApiDependencies): Router {
  const { config, database } = deps;
  const router = Router();
  const startWorkflow = createWorkflowStarter(deps);

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
    const started = await startWorkflow({ request, workflowType: HEALTH_CHECK_WORKFLOW, workflowId: { prefix: 'health-check-api' }, args: [input] });
    await respondStarted(started, false, response);
  });

  return router;
}
