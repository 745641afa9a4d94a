import { z } from 'zod';
import { STATUS_QUERY_NAME } from '../../workflows/definitions/control';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceStatus } from '../../workflows/definitions/portfolio-rebalance';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';
import { runUrlOf } from '../run-url';

const pendingApproval = z.object({
  workflowId: z.string(),
  runId: z.string(),
  webUiUrl: z.string(),
  startedAt: z.string(),
  accountId: z.string().nullable(),
  deadline: z.string().nullable(),
  totalNotionalUsd: z.number(),
  approvalThresholdUsd: z.number(),
  targetWeights: z.record(z.string(), z.number()),
  orders: z.array(z.object({ instrument: z.string(), units: z.number(), notionalUsd: z.number(), reducing: z.boolean(), reason: z.string(), status: z.string() }).loose()),
});

/** What an approver decides on: the runs waiting for a decision, with the orders and notional they would place. */
export function approvalOperations(deps: ApiDependencies): Operation[] {
  const { config, temporal } = deps;
  const runUrl = runUrlOf(deps);
  return [
    operation({
      method: 'get', path: '/api/approvals', operationId: 'listApprovals', tag: 'workflows', access: 'viewer',
      summary: 'The portfolio rebalances waiting for approval, oldest first: their account, deadline, total notional against REBALANCE_APPROVAL_NOTIONAL_USD, target weights and the orders they would place (with the pre-trade refusals). Decide with POST /api/workflows/{id}/signals/approve or /reject.',
      responses: { 200: { description: 'the pending approvals', schema: z.object({ items: z.array(pendingApproval) }) } },
      async handle(_input, response) {
        const running = [];
        for await (const run of temporal.client.workflow.list({ query: `WorkflowType = '${PORTFOLIO_REBALANCE_WORKFLOW}' AND ExecutionStatus = 'Running'` })) running.push(run);
        const pending = await Promise.all(running.map(async (run) => {
          // A run that closed since the list, or has not registered its query yet, is waiting for nobody.
          const status = await temporal.client.workflow.getHandle(run.workflowId, run.runId).query<PortfolioRebalanceStatus>(STATUS_QUERY_NAME).catch(() => undefined);
          if (status?.stage !== 'awaiting_approval') return undefined;
          return {
            workflowId: run.workflowId, runId: run.runId, webUiUrl: runUrl(run.workflowId, run.runId), startedAt: run.startTime.toISOString(),
            accountId: status.accountId ?? null, deadline: status.approvalDeadline ?? null, totalNotionalUsd: status.totalNotionalUsd ?? 0,
            approvalThresholdUsd: config.REBALANCE_APPROVAL_NOTIONAL_USD, targetWeights: status.targetWeights ?? {}, orders: status.orders,
          };
        }));
        response.json({ items: pending.filter((item) => item !== undefined).sort((a, b) => a.startedAt.localeCompare(b.startedAt)) });
      },
    }),
  ];
}
