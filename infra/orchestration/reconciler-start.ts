import type { Client } from '@temporalio/client';
import { RECONCILER_WORKFLOW, reconcilerWorkflowId, type ReconcilerInput } from '../../workflows/definitions/reconciler';
import type { AppConfig } from '../config';
import { ensureAccountWorkflow } from './account-workflow-start';

/** Starts the account's continuous reconciler unless it already runs. */
export async function ensureReconciler(client: Client, config: AppConfig, accountId: string): Promise<{ workflowId: string; runId: string }> {
  const input: ReconcilerInput = { accountId, intervalMs: config.RECONCILER_INTERVAL_MS };
  return ensureAccountWorkflow(client, { type: RECONCILER_WORKFLOW, workflowId: reconcilerWorkflowId(accountId), taskQueue: config.TEMPORAL_TASK_QUEUE, input });
}
