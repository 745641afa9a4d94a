import type { Client } from '@temporalio/client';

/**
 * Starts a workflow that runs for one account for as long as the system does (the risk monitor, the reconciler)
 * unless it already runs: one workflow id per account, USE_EXISTING, so a worker restart never starts a second.
 */
export async function ensureAccountWorkflow(client: Client, start: { type: string; workflowId: string; taskQueue: string; input: unknown }): Promise<{ workflowId: string; runId: string }> {
  const handle = await client.workflow.start(start.type, {
    taskQueue: start.taskQueue, workflowId: start.workflowId, args: [start.input], workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { workflowId: start.workflowId, runId: handle.firstExecutionRunId };
}
