import type { Client } from '@temporalio/client';
import { RECONCILER_WORKFLOW, reconcilerWorkflowId, type ReconcilerInput } from '../../workflows/definitions/reconciler';
import type { AppConfig } from '../config';

/** Starts the account's continuous reconciler unless it already runs (one workflow id per account). */
export async function ensureReconciler(client: Client, config: AppConfig): Promise<{ workflowId: string; runId: string }> {
  const accountId = config.broker.accountId;
  const input: ReconcilerInput = { accountId, intervalMs: config.RECONCILER_INTERVAL_MS };
  const workflowId = reconcilerWorkflowId(accountId);
  const handle = await client.workflow.start(RECONCILER_WORKFLOW, {
    taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}
