import type { Client } from '@temporalio/client';
import type { Escalation } from '../../domain/execution/engine-types';
import { EMERGENCY_STOP_WORKFLOW, emergencyStopWorkflowId, type EmergencyStopInput } from '../../workflows/definitions/emergency-stop';

/**
 * Asks Temporal to run the account's emergency stop; resolves with its workflow id once the start is accepted, not
 * when it has run. USE_EXISTING: if a stop of this account is already running (from the api, the risk monitor or an
 * earlier breaker) this one joins it instead of failing or starting a second.
 */
export async function requestEmergencyStop(client: Client, taskQueue: string, accountId: string, escalation: Escalation): Promise<string> {
  const input: EmergencyStopInput = {
    scope: 'account',
    accountId,
    reason: `hot-path breaker ${escalation.breaker}: ${escalation.reason}`,
    // Losing money is a reason to flatten; an order loop or a refusing venue is a reason to stop sending, not to trade more.
    closePositions: escalation.breaker === 'daily_loss',
    requestedBy: 'hot-path',
  };
  const handle = await client.workflow.start(EMERGENCY_STOP_WORKFLOW, {
    taskQueue,
    workflowId: emergencyStopWorkflowId('account', accountId),
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [input],
  });
  return handle.workflowId;
}
