import { z } from 'zod';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';
import { STAGE_QUERY_TIMEOUT_MS, workflowRuns } from '../workflow-runs';

const listedRun = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  status: z.string(),
  startTime: z.string(),
  closeTime: z.string().nullable(),
  webUiUrl: z.string(),
  stage: z.string().nullable(),
});
const workflowListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** What runs now and what ran last, each with its stage and Web UI link. */
export function workflowListOperations(deps: ApiDependencies): Operation[] {
  const listRuns = workflowRuns(deps);
  return [
    operation({
      method: 'get', path: '/api/workflows', operationId: 'listWorkflows', tag: 'workflows', access: 'viewer',
      summary: `The running workflows with their stage (left out when a run does not answer its status query within ${STAGE_QUERY_TIMEOUT_MS / 1000} s), and the latest closed ones, newest first: up to \`limit\` (20) of each.`,
      query: workflowListQuery,
      responses: { 200: { description: 'running and recent runs', schema: z.object({ running: z.array(listedRun), recent: z.array(listedRun) }) } },
      async handle({ query }, response) {
        const [running, recent] = await Promise.all([
          listRuns(`ExecutionStatus = 'Running'`, query.limit),
          listRuns(`ExecutionStatus != 'Running'`, query.limit),
        ]);
        response.json({ running, recent });
      },
    }),
  ];
}
