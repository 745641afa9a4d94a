import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { workflowRunUrl } from '../../infra/orchestration/temporal-client';
import { ANALYSIS_TO_TRADE_WORKFLOW, type AnalysisToTradeInput } from '../../workflows/definitions/analysis-to-trade';
import { CONTROL_SIGNAL_NAMES, STATUS_QUERY_NAME, type WorkflowStatus } from '../../workflows/definitions/control';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { parseOrThrow } from '../validation';
import { createWorkflowStarter } from '../workflow-starter';
import { innermostFailure, respondStarted } from './started-workflow';
import { analysisToTradeRequest, portfolioRebalanceRequest, waitQuery } from './workflow-requests';

const signalParams = z.object({ id: z.string().min(1), name: z.enum(CONTROL_SIGNAL_NAMES) });
const signalBody = z.strictObject({ by: z.string().trim().min(1).max(200).optional(), reason: z.string().trim().min(1).max(500).optional() }).default({});

/** Triggers, status and signals of the trading workflows. */
export function workflowRoutes(deps: ApiDependencies): Router {
  const { config, temporal } = deps;
  const router = Router();
  const runUrl = (workflowId: string, runId: string) => workflowRunUrl(config.TEMPORAL_UI_URL, temporal.namespace, workflowId, runId);
  const startWorkflow = createWorkflowStarter(deps);

  router.post('/api/workflows/analysis-to-trade', async (request, response) => {
    const body = parseOrThrow(analysisToTradeRequest, request.body ?? {}, 'body');
    const { wait } = parseOrThrow(waitQuery, request.query, 'query');
    const input: AnalysisToTradeInput = { ...body, minConfidence: body.minConfidence ?? config.SIGNAL_MIN_CONFIDENCE };
    const started = await startWorkflow({ request, workflowType: ANALYSIS_TO_TRADE_WORKFLOW, workflowId: { prefix: 'analysis-to-trade' }, args: [input] });
    await respondStarted(started, wait, response);
  });

  router.post('/api/workflows/portfolio-rebalance', async (request, response) => {
    const body = parseOrThrow(portfolioRebalanceRequest, request.body ?? {}, 'body');
    const { wait } = parseOrThrow(waitQuery, request.query, 'query');
    const input: PortfolioRebalanceInput = {
      ...body,
      approvalThresholdUsd: config.REBALANCE_APPROVAL_NOTIONAL_USD,
      approvalTimeoutMs: body.approvalTimeoutMs ?? config.REBALANCE_APPROVAL_TIMEOUT_MS,
    };
    const started = await startWorkflow({ request, workflowType: PORTFOLIO_REBALANCE_WORKFLOW, workflowId: { prefix: 'portfolio-rebalance' }, args: [input] });
    await respondStarted(started, wait, response);
  });

  router.get('/api/workflows/:id', async (request, response) => {
    const handle = temporal.client.workflow.getHandle(request.params.id);
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(404, `no workflow with id ${request.params.id}`);
      throw error;
    }
    const state = description.status.name;
    const body: Record<string, unknown> = {
      workflowId: description.workflowId,
      runId: description.runId,
      type: description.type,
      status: state,
      startTime: description.startTime,
      closeTime: description.closeTime,
      webUiUrl: runUrl(description.workflowId, description.runId),
    };
    try {
      body.stage = (await handle.query<WorkflowStatus>(STATUS_QUERY_NAME)).stage;
    } catch {
      // A workflow without the status query (healthCheck), or one that failed before it registered it, has no stage.
    }
    if (state === 'COMPLETED') body.result = await handle.result();
    if (state === 'FAILED') body.failure = await handle.result().then(() => undefined, innermostFailure);
    response.json(body);
  });

  router.post('/api/workflows/:id/signals/:name', async (request, response) => {
    const { id, name } = parseOrThrow(signalParams, request.params, 'params');
    const body = parseOrThrow(signalBody, request.body ?? {}, 'body');
    const handle = temporal.client.workflow.getHandle(id);
    try {
      await handle.signal(name, body);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(404, `no running workflow with id ${id} to signal ${name}`);
      throw error;
    }
    response.status(202).json({ workflowId: id, signal: name, ...body });
  });

  return router;
}
