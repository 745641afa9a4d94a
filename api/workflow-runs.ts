import type { WorkflowExecutionInfo } from '@temporalio/client';
import { STATUS_QUERY_NAME, type WorkflowStatus } from '../workflows/definitions/control';
import { STAGED_WORKFLOW_TYPES } from '../workflows/definitions/staged-workflows';
import type { ApiDependencies } from './dependencies';
import { runUrlOf } from './run-url';

/** A running workflow whose worker is busy or gone must not hold a list: its stage is left out after this. */
export const STAGE_QUERY_TIMEOUT_MS = 2_000;

export interface ListedRun {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  webUiUrl: string;
  stage: string | null;
}

/** Runs as the Temporal visibility store lists them, each with its Web UI link and, while a staged type runs, its stage. */
export function workflowRuns(deps: Pick<ApiDependencies, 'config' | 'temporal'>) {
  const { temporal } = deps;
  const runUrl = runUrlOf(deps);

  /** A run's stage from its status query, or null when it does not answer within the bound. */
  async function stageOf(run: WorkflowExecutionInfo): Promise<string | null> {
    const status = await temporal.client.withDeadline(Date.now() + STAGE_QUERY_TIMEOUT_MS, () => temporal.client.workflow.getHandle(run.workflowId, run.runId).query<WorkflowStatus>(STATUS_QUERY_NAME))
      .catch(() => undefined);
    return status?.stage ?? null;
  }

  /** The first `limit` runs the visibility query matches (newest first), described; every call ends by `deadlineMs`. */
  return function listRuns(query: string, limit: number, deadlineMs?: number): Promise<ListedRun[]> {
    return deadlineMs === undefined ? read(query, limit) : temporal.client.withDeadline(deadlineMs, () => read(query, limit));
  };

  async function read(query: string, limit: number): Promise<ListedRun[]> {
    const runs: WorkflowExecutionInfo[] = [];
    for await (const run of temporal.client.workflow.list({ query, pageSize: limit })) {
      runs.push(run);
      if (runs.length >= limit) break;
    }
    return Promise.all(runs.map(async (run) => ({
      workflowId: run.workflowId, runId: run.runId, type: run.type, status: run.status.name,
      startTime: run.startTime.toISOString(), closeTime: run.closeTime?.toISOString() ?? null, webUiUrl: runUrl(run.workflowId, run.runId),
      stage: run.status.name === 'RUNNING' && STAGED_WORKFLOW_TYPES.has(run.type) ? await stageOf(run) : null,
    })));
  }
}
