import {
  allHandlersFinished, condition, continueAsNew, ParentClosePolicy, patched, proxyActivities, setHandler, sleep, startChild, workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { FillRecordingActivities } from '../activities/broker/fill-recording-activities';
import type { RiskMonitorActivities } from '../activities/safety/risk-monitor-activities';
import type { SystemRiskActivities } from '../activities/safety/system-risk-activities';
import { EMERGENCY_STOP_WORKFLOW, emergencyStopWorkflowId, type EmergencyStopInput } from './definitions/emergency-stop';
import { riskFiguresQuery, type RiskMonitorInput, type RiskMonitorStatus } from './definitions/risk-monitor';
import { brokerTaskQueueFor } from './definitions/task-queues';
import { failureReason } from './failure-reason';

/** Enough readings to keep the history short; the carry (day-start and peak NAV) moves to the next run. */
const READINGS_PER_RUN = 120;
/** Monitors that ran before fills were recorded here replay without it. */
const RECORD_FILLS_PATCH = 'risk-monitor-records-fills';
/** Monitors that ran before the system's risk was measured after each reading replay without it. */
const SYSTEM_RISK_PATCH = 'risk-monitor-system-risk';

/**
 * Every interval: measure the account's risk, store the snapshot, feed the breakers, start the emergency stop on a
 * severe breach, and record the account's new fills from the broker's transaction log (so the fills table is
 * complete on every venue, with or without a hot path). A failed reading or recording is reported by the query and
 * retried at the next interval: the monitor never ends on its own.
 */
export async function riskMonitor(input: RiskMonitorInput): Promise<never> {
  const { measureAccountRisk } = proxyActivities<RiskMonitorActivities>({
    taskQueue: brokerTaskQueueFor(workflowInfo().taskQueue),
    startToCloseTimeout: '60 seconds',
    retry: { initialInterval: '2 seconds', maximumAttempts: 3 },
  });
  // Short: recording runs beside the interval's wait and must never hold back the next risk reading for long.
  const { fillRecordStart, recordAccountFills } = proxyActivities<FillRecordingActivities>({
    taskQueue: brokerTaskQueueFor(workflowInfo().taskQueue),
    startToCloseTimeout: '30 seconds',
    heartbeatTimeout: '15 seconds',
    retry: { initialInterval: '2 seconds', maximumAttempts: 2 },
  });
  // Postgres only: on the orchestration queue, beside the workflow.
  const { evaluateSystemRisk } = proxyActivities<SystemRiskActivities>({ startToCloseTimeout: '30 seconds', retry: { initialInterval: '2 seconds', maximumAttempts: 3 } });
  const status: RiskMonitorStatus = { accountId: input.accountId, readings: 0, emergencyStopsStarted: 0, fillsRecorded: 0, fillsThroughTransactionId: input.fillsThroughTransactionId };
  setHandler(riskFiguresQuery, () => status);
  let carry = input.carry;
  let severeEpisode = false;

  for (let reading = 0; reading < READINGS_PER_RUN; reading++) {
    try {
      status.latest = await measureAccountRisk({ accountId: input.accountId, limits: input.limits, carry });
      carry = status.latest.carry;
      status.readings += 1;
      status.lastError = undefined;
      // One stop per episode: while the breach lasts, the stop already started (or joined) deals with it.
      const severeBreach = status.latest.severeBreach;
      if (severeBreach && !severeEpisode) await startEmergencyStop(input.accountId, severeBreach, status);
      severeEpisode = severeBreach !== undefined;
    } catch (error) {
      status.lastError = describe(error);
    }
    if (patched(SYSTEM_RISK_PATCH)) await measureSystem();
    if (patched(RECORD_FILLS_PATCH)) await Promise.all([recordFills(), sleep(input.intervalMs)]);
    else await sleep(input.intervalMs);
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof riskMonitor>({ ...input, carry, fillsThroughTransactionId: status.fillsThroughTransactionId });

  async function measureSystem(): Promise<void> {
    try {
      status.system = await evaluateSystemRisk();
      status.lastSystemError = undefined;
    } catch (error) {
      status.lastSystemError = describe(error);
    }
  }

  async function recordFills(): Promise<void> {
    try {
      status.fillsThroughTransactionId ??= (await fillRecordStart({ accountId: input.accountId })).transactionId;
      const recorded = await recordAccountFills({ accountId: input.accountId, afterTransactionId: status.fillsThroughTransactionId });
      status.fillsRecorded += recorded.recorded;
      status.fillsThroughTransactionId = recorded.throughTransactionId;
      status.lastFillsError = undefined;
    } catch (error) {
      status.lastFillsError = describe(error);
    }
  }
}

function describe(error: unknown): string {
  const reason = failureReason(error);
  return reason.type ? `${reason.type}: ${reason.message}` : reason.message;
}

async function startEmergencyStop(accountId: string, reason: string, status: RiskMonitorStatus): Promise<void> {
  const stop: EmergencyStopInput = { scope: 'account', accountId, reason: `risk monitor: ${reason}`, closePositions: true, requestedBy: 'risk-monitor' };
  try {
    await startChild(EMERGENCY_STOP_WORKFLOW, {
      workflowId: emergencyStopWorkflowId('account', accountId), args: [stop], parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    status.emergencyStopsStarted += 1;
  } catch (error) {
    // A stop for this account is already running: this breach joins it.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
