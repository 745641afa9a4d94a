import { continueAsNew, executeChild, ParentClosePolicy, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { EmergencyBrokerActivities } from '../activities/safety/emergency-broker-activities';
import type { SafetyRecordActivities } from '../activities/safety/safety-record-activities';
import { SYSTEM_TRADING_SCOPE } from './definitions/emergency-stop-report';
import { systemStopOfAccountWorkflowId, type EmergencyStopInput } from './definitions/emergency-stop';
import { emergencyStopStatusQuery, type EmergencyStopReport, type EmergencyStopStage } from './definitions/emergency-stop-report';
import { BROKER_ACTIVITY_TIMEOUT_MS, BROKER_HEARTBEAT_TIMEOUT_MS } from '../domain/trading/attempt-bounds';
import { brokerTaskQueueFor } from './definitions/task-queues';
import { failureReason } from './failure-reason';
import { closedMarketWaitMs } from '../domain/trading/market-hours';

// A stop never gives up on its own: every activity retries until it succeeds or fails for a reason retrying cannot fix.
const records = proxyActivities<SafetyRecordActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
const broker = () => proxyActivities<EmergencyBrokerActivities>({
  taskQueue: brokerTaskQueueFor(workflowInfo().taskQueue),
  startToCloseTimeout: BROKER_ACTIVITY_TIMEOUT_MS,
  heartbeatTimeout: BROKER_HEARTBEAT_TIMEOUT_MS,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * A placement that passed its trading-state check just before the halt can still fill for as long as a broker
 * activity may run (its 30 s start-to-close timeout): flat counts only once it still holds after that window.
 */
const CONFIRM_FLAT_AFTER = '35 seconds';
const MAX_CLOSE_ATTEMPTS_PER_RUN = 100;
/** Stops from before it waited for a closed market's open retried its closes every 30 s at most. */
const WAIT_FOR_MARKET_OPEN = 'emergency-stop-waits-for-market-open';
/** System stops from before it ran one stop per account acted on the default account only. */
const SYSTEM_STOP_PER_ACCOUNT = 'system-stop-per-account';

/**
 * Halt, cancel the entry orders, optionally close every position until the broker reports flat, audit each step,
 * and report. Every step is idempotent, so a worker killed anywhere simply resumes the stop. A system stop halts the
 * system, then runs an account stop for every account the deployment trades, all at once, and reports each.
 */
export async function emergencyStop(input: EmergencyStopInput): Promise<EmergencyStopReport> {
  const scope = input.scope === 'system' ? SYSTEM_TRADING_SCOPE : input.accountId;
  if (!scope) throw new Error('an account emergency stop needs the account id');
  const account = input.scope === 'system' ? {} : { accountId: scope };
  const brokerActivities = broker();
  let stage: EmergencyStopStage = 'halting';
  const report: EmergencyStopReport = { scope, tradingState: 'HALTED', cancelledOrders: [], closeAttempts: [], outcome: 'halted' };
  setHandler(emergencyStopStatusQuery, () => ({ stage, report }));
  const audit = (action: string, reason: string, details: Record<string, unknown> = {}) =>
    records.recordStep({ actor: input.requestedBy, action: `emergency_stop.${action}`, reason, scope, details });

  if (!input.underSystemHalt) {
    report.tradingState = await records.haltTrading({ scope, reason: input.reason, requestedBy: input.requestedBy });
    await audit('halted', input.reason, { closePositions: input.closePositions, tradingState: report.tradingState });
  }

  if (input.scope === 'system' && patched(SYSTEM_STOP_PER_ACCOUNT)) {
    stage = 'stopping_accounts';
    Object.assign(report, await stopEveryAccount(input, await brokerActivities.accountsToStop()));
    if (input.closePositions && Object.keys(report.accountFailures ?? {}).length === 0) report.outcome = 'flat';
  } else {
    await stopAccount(input, account, report, brokerActivities, (next) => (stage = next), audit);
  }

  stage = 'done';
  await audit('completed', `emergency stop ${report.outcome}: ${input.reason}`, { report });
  return report;
}

/**
 * One account stop per account, in parallel; each returns once its account is stopped (and flat, when asked). One
 * account's stop failing for good (a revoked token, say) never ends the others: each runs on even if this run ends
 * (ABANDON), and the failure is reported beside the other accounts' reports.
 */
async function stopEveryAccount(input: EmergencyStopInput, accountIds: string[]): Promise<Pick<EmergencyStopReport, 'accounts' | 'accountFailures'>> {
  const { workflowId } = workflowInfo();
  const settled = await Promise.allSettled(accountIds.map((accountId) => executeChild(emergencyStop, {
    workflowId: systemStopOfAccountWorkflowId(workflowId, accountId),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [{ scope: 'account', accountId, reason: input.reason, closePositions: input.closePositions, requestedBy: input.requestedBy, underSystemHalt: true }],
  })));
  const accounts: Record<string, EmergencyStopReport> = {};
  const accountFailures: Record<string, string> = {};
  settled.forEach((outcome, index) => {
    const accountId = accountIds[index]!;
    if (outcome.status === 'fulfilled') accounts[accountId] = outcome.value;
    else accountFailures[accountId] = failureReason(outcome.reason).message;
  });
  return Object.keys(accountFailures).length > 0 ? { accounts, accountFailures } : { accounts };
}

/** Cancels the account's entry orders and, when asked, closes until the broker confirms it flat. */
async function stopAccount(
  input: EmergencyStopInput, account: { accountId?: string }, report: EmergencyStopReport, brokerActivities: ReturnType<typeof broker>,
  setStage: (stage: EmergencyStopStage) => void, audit: (action: string, reason: string, details?: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  setStage('cancelling_orders');
  report.cancelledOrders.push(...await brokerActivities.cancelEntryOrders(account));
  await audit('orders_cancelled', `${report.cancelledOrders.length} entry order(s) cancelled`, { orders: report.cancelledOrders });

  if (input.closePositions) {
    setStage('closing_positions');
    let confirmedFlat = false;
    for (let attempt = 1; !confirmedFlat; attempt += 1) {
      if (attempt > MAX_CLOSE_ATTEMPTS_PER_RUN) await continueAsNew<typeof emergencyStop>(input);
      const closedUnits = await brokerActivities.closeAllPositions(account);
      report.cancelledOrders.push(...await brokerActivities.cancelEntryOrders(account));
      let exposure = await brokerActivities.brokerExposure(account);
      if (isFlat(exposure)) {
        await sleep(CONFIRM_FLAT_AFTER);
        exposure = await brokerActivities.brokerExposure(account);
        confirmedFlat = isFlat(exposure);
      }
      const marketClosed = exposure.marketClosed ?? [];
      report.closeAttempts.push({ attempt, closedUnits, remainingUnits: exposure.positionUnits, pendingEntryOrders: exposure.pendingEntryOrders, ...(marketClosed.length > 0 ? { marketClosed } : {}) });
      const retrying = marketClosed.length > 0 ? `the market is closed for ${marketClosed.join(', ')}: the closes wait for the open` : 'positions or entry orders remain; retrying';
      await audit(`close_attempt_${attempt}`, confirmedFlat ? 'the broker reports flat' : retrying, { closedUnits, exposure });
      if (confirmedFlat) break;
      const retryMs = Math.min(1000 * 2 ** (attempt - 1), 30_000);
      if (marketClosed.length > 0 && patched(WAIT_FOR_MARKET_OPEN)) {
        setStage('waiting_for_market_open');
        await sleep(closedMarketWaitMs(marketClosed, Date.now(), retryMs));
        setStage('closing_positions');
      } else {
        await sleep(retryMs);
      }
    }
    report.outcome = 'flat';
  }
}

function isFlat(exposure: { positionUnits: Partial<Record<string, number>>; pendingEntryOrders: number }): boolean {
  return Object.keys(exposure.positionUnits).length === 0 && exposure.pendingEntryOrders === 0;
}
