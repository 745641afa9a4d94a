import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { checkStrategyParams, findStrategy } from '../../domain/strategies';
import { activeStrategyParams } from '../../infra/db/queries/strategy-params';
import { ANALYSIS_TO_TRADE_WORKFLOW, type AnalysisToTradeInput } from '../../workflows/definitions/analysis-to-trade';
import { STATUS_QUERY_NAME, type WorkflowStatus } from '../../workflows/definitions/control';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import type { ApiDependencies } from '../dependencies';
import { runUrlOf } from '../run-url';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { tradedAccount } from './known-account';
import { startWorkflowOperation } from './start-workflow-operation';
import { STARTED_RESPONSES } from './started-responses';
import { innermostFailure } from './started-workflow';
import { analysisToTradeRequest, portfolioRebalanceRequest, signalPath, signalRequest, workflowPath } from './workflow-requests';
import { createWorkflowStarter } from '../workflow-starter';

const workflowDescription = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  status: z.string(),
  startTime: z.string(),
  closeTime: z.string().nullable().optional(),
  webUiUrl: z.string(),
  stage: z.string().optional(),
  result: z.unknown().optional(),
  failure: z.string().optional(),
});

/** Triggers, status and signals of the trading workflows. */
export function workflowOperations(deps: ApiDependencies): Operation[] {
  const { config, temporal, database } = deps;
  const runUrl = runUrlOf(deps);
  const startWorkflow = createWorkflowStarter(deps);

  /** The strategy the run will trade must run on its parameters over its lookback: refused now, not when the run fails. */
  async function assertStrategyRuns(choice: AnalysisToTradeInput['strategy'], lookback: number): Promise<void> {
    const strategy = findStrategy(choice.name)!;
    let raw = choice.params === 'active' ? undefined : { ...strategy.defaults, ...choice.params };
    if (choice.params === 'active') {
      const active = await activeStrategyParams(database.db, strategy.name);
      if (!active) throw new HttpError(400, `invalid request body: strategy.params: ${strategy.name} has no active version; activate one or name the parameters`, { fields: [{ field: 'strategy.params', message: 'no active version' }] });
      raw = active.params as typeof raw;
    }
    const checked = checkStrategyParams(strategy, raw!, lookback);
    if (!checked.ok) {
      const field = checked.field === 'params' ? 'strategy.params' : 'lookback';
      throw new HttpError(400, `invalid request body: ${field}: ${checked.message}`, { fields: [{ field, message: checked.message }] });
    }
  }

  return [
    startWorkflowOperation(startWorkflow, config.API_WAIT_MAX_MS, {
      path: '/api/workflows/analysis-to-trade', operationId: 'startAnalysisToTrade', tag: 'workflows', access: 'trader',
      summary: 'Market data → analysis → signals → pre-trade risk → (with execute) one idempotent order per approved signal.',
      body: analysisToTradeRequest, responses: STARTED_RESPONSES, workflowType: ANALYSIS_TO_TRADE_WORKFLOW, idPrefix: 'analysis-to-trade',
      async check(body) {
        await tradedAccount(database.db, config, body.accountId);
        await assertStrategyRuns(body.strategy, body.lookback);
      },
      input: (body, identity): AnalysisToTradeInput => ({ ...body, minConfidence: body.minConfidence ?? config.SIGNAL_MIN_CONFIDENCE, requestedBy: identity.name }),
    }),
    startWorkflowOperation(startWorkflow, config.API_WAIT_MAX_MS, {
      path: '/api/workflows/portfolio-rebalance', operationId: 'startPortfolioRebalance', tag: 'workflows', access: 'trader',
      summary: 'Targets → orders → pre-trade risk → approval above REBALANCE_APPROVAL_NOTIONAL_USD → execution, reducing first → reconciliation.',
      body: portfolioRebalanceRequest, responses: STARTED_RESPONSES, workflowType: PORTFOLIO_REBALANCE_WORKFLOW, idPrefix: 'portfolio-rebalance',
      check: (body) => tradedAccount(database.db, config, body.accountId),
      input: (body, identity): PortfolioRebalanceInput => ({
        ...body,
        requestedBy: identity.name,
        approvalThresholdUsd: config.REBALANCE_APPROVAL_NOTIONAL_USD,
        approvalTimeoutMs: body.approvalTimeoutMs ?? config.REBALANCE_APPROVAL_TIMEOUT_MS,
      }),
    }),
    operation({
      method: 'get', path: '/api/workflows/:id', operationId: 'getWorkflow', tag: 'workflows', access: 'viewer',
      summary: 'Status, stage (from the workflow\'s status query), result or failure reason, and the Web UI link of a run.',
      params: workflowPath,
      responses: { 200: { description: 'the run', schema: workflowDescription }, 404: { description: 'no workflow with this id' } },
      async handle({ params }, response) {
        const handle = temporal.client.workflow.getHandle(params.id);
        let description;
        try {
          description = await handle.describe();
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) throw new HttpError(404, `no workflow with id ${params.id}`);
          throw error;
        }
        const state = description.status.name;
        const body: Record<string, unknown> = {
          workflowId: description.workflowId, runId: description.runId, type: description.type, status: state,
          startTime: description.startTime, closeTime: description.closeTime ?? null, webUiUrl: runUrl(description.workflowId, description.runId),
        };
        try {
          body.stage = (await handle.query<WorkflowStatus>(STATUS_QUERY_NAME)).stage;
        } catch {
          // A workflow without the status query (healthCheck), or one that failed before it registered it, has no stage.
        }
        if (state === 'COMPLETED') body.result = await handle.result();
        if (state === 'FAILED') body.failure = await handle.result().then(() => undefined, innermostFailure);
        response.json(body);
      },
    }),
    operation({
      method: 'post', path: '/api/workflows/:id/signals/:name', operationId: 'signalWorkflow', tag: 'workflows', access: 'trader',
      summary: 'approve, reject or cancel a running workflow (a rebalance waiting for approval, an analysis before it executes), as the caller.',
      params: signalPath, body: signalRequest,
      responses: {
        202: { description: 'the signal was delivered', schema: z.object({ workflowId: z.string(), signal: z.string(), by: z.string(), reason: z.string().optional() }) },
        404: { description: 'no running workflow with this id' },
      },
      async handle({ params, body, identity }, response) {
        const signal = { by: identity.name, ...(body.reason !== undefined && { reason: body.reason }) };
        try {
          await temporal.client.workflow.getHandle(params.id).signal(params.name, signal);
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) throw new HttpError(404, `no running workflow with id ${params.id} to signal ${params.name}`);
          throw error;
        }
        response.status(202).json({ workflowId: params.id, signal: params.name, ...signal });
      },
    }),
  ];
}
