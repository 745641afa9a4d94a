import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { ReconciliationActivities } from '../activities/reconciliation/reconciliation-activities';
import { BROKER_ACTIVITY_TIMEOUT_MS, BROKER_HEARTBEAT_TIMEOUT_MS } from '../domain/trading/attempt-bounds';
import { reconcilerStatusQuery, type ReconcilerInput, type ReconcilerStatus } from './definitions/reconciler';
import { brokerTaskQueueFor } from './definitions/task-queues';
import { failureReason } from './failure-reason';

/** Runs per workflow run, so the history stays short; the fill cursor moves to the next run. */
const RUNS_PER_WORKFLOW_RUN = 200;

/**
 * Every interval, for one account: settle the orders rows whose outcome Postgres does not know, record the fills,
 * and explain every broker position and open trade (reconcileAccount). It places nothing. A failed run is reported by
 * the query and tried again at the next interval: the reconciler never ends on its own.
 */
export async function reconciler(input: ReconcilerInput): Promise<never> {
  const { reconcileAccount } = proxyActivities<ReconciliationActivities>({
    taskQueue: brokerTaskQueueFor(workflowInfo().taskQueue),
    startToCloseTimeout: BROKER_ACTIVITY_TIMEOUT_MS,
    heartbeatTimeout: BROKER_HEARTBEAT_TIMEOUT_MS,
    // The next interval is the retry: a failed run must not hold back the one after it.
    retry: { maximumAttempts: 1 },
  });
  const status: ReconcilerStatus = { accountId: input.accountId, runs: 0 };
  setHandler(reconcilerStatusQuery, () => status);
  let { fillsThroughTransactionId, openMismatches } = input;

  for (let run = 0; run < RUNS_PER_WORKFLOW_RUN; run++) {
    try {
      status.latest = await reconcileAccount({ accountId: input.accountId, fillsThroughTransactionId, openMismatches });
      ({ fillsThroughTransactionId, openMismatches } = status.latest);
      status.runs += 1;
      status.lastError = undefined;
    } catch (error) {
      const reason = failureReason(error);
      status.lastError = reason.type ? `${reason.type}: ${reason.message}` : reason.message;
    }
    await sleep(input.intervalMs);
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof reconciler>({ ...input, fillsThroughTransactionId, openMismatches });
}
