import type { Client } from '@temporalio/client';
import { waitFor } from '../../infra/async/wait-for';

/**
 * A workflow's result, waited for with a bound: on timeout the error says where the run stands (status, each pending
 * activity's attempt and last failure) instead of leaving a result call pending past the test.
 */
export async function workflowResult<T>(client: Client, workflowId: string, timeoutMs = 120_000): Promise<T> {
  const handle = client.workflow.getHandle(workflowId);
  let lastSeen = 'not described yet';
  await waitFor(`workflow ${workflowId} to close`, async () => {
    const description = await handle.describe();
    const pending = (description.raw.pendingActivities ?? []).map((activity) =>
      `${activity.activityType?.name} attempt ${activity.attempt}: ${activity.lastFailure?.message ?? 'no failure'}`);
    lastSeen = `${description.status.name}; pending activities: ${pending.join(' | ') || 'none'}`;
    return description.status.name === 'RUNNING' ? undefined : true;
  }, timeoutMs, 500).catch((error: unknown) => {
    throw new Error(`${String(error)}; last seen ${lastSeen}`);
  });
  return await handle.result() as T;
}
