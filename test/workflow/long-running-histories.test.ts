import { WorkflowContinuedAsNewError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { orchestrationActivityDeps } from '../../workers/orchestration-activity-deps';
import { createActivities, createBrokerQueueActivities } from '../../activities';
import { loadConfig } from '../../infra/config';
import { riskMonitorLimitsFrom } from '../../infra/orchestration/risk-monitor-start';
import { reconciler, riskMonitor } from '../../workflows';
import { reconcilerWorkflowId } from '../../workflows/definitions/reconciler';
import { riskMonitorWorkflowId } from '../../workflows/definitions/risk-monitor';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';
import { createTradingWorkers, useTradingWorkflowEnvironment, type TradingWorkflowEnvironment } from '../helpers/trading-workers';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(300_000);

/** Temporal refuses a history past 50 MB or 51,200 events; these workflows run for months, so one run must stay far below. */
const HISTORY_BYTES_BOUND = 1024 * 1024;
const HISTORY_EVENTS_BOUND = 5_000;

type Venue = ReturnType<typeof useSimulatorWithDatabase>;

/** Runs the workflow `start` starts to its first continue-as-new, with the real activities, and measures that run's history. */
async function firstRunHistory(context: TradingWorkflowEnvironment, venue: Venue, start: (taskQueue: string) => Promise<{ workflowId: string; firstExecutionRunId: string }>) {
  const { sim, broker, database } = venue;
  const config = loadConfig({ BROKER_URL: sim.url });
  const workers = await createTradingWorkers(context, {
    orchestration: createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 })),
    broker: createBrokerQueueActivities({ database, brokers: accountBrokers([broker]), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId) }),
  });
  return workers.run(async () => {
    const started = await start(workers.taskQueue);
    const first = context.env.client.workflow.getHandle(started.workflowId, started.firstExecutionRunId, { followRuns: false });
    // Waiting on the result is what lets the test server skip the runs' timers.
    await expect(first.result()).rejects.toBeInstanceOf(WorkflowContinuedAsNewError);
    const history = await first.fetchHistory();
    await context.env.client.workflow.getHandle(started.workflowId).terminate('measured');
    return { events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length };
  });
}

/** Prints the run's figures (for docs/deploy.md) and holds them to at least one event per step and the bounds above. */
function expectFarInsideLimits(run: string, figures: { events: number; bytes: number }, steps: number): void {
  console.log(`${run} holds ${figures.events} events, ${figures.bytes} bytes of history`);
  expect(figures.events).toBeGreaterThan(steps);
  expect(figures.events).toBeLessThan(HISTORY_EVENTS_BOUND);
  expect(figures.bytes).toBeLessThan(HISTORY_BYTES_BOUND);
}

/**
 * The workflows that never end continue as new on their own. One full run of the risk monitor and of the reconciler,
 * with their real activities against the simulator and Postgres and their timers skipped, measures what a run's
 * history holds at that point; the figures are printed for docs/deploy.md. Each has its own test server: measured
 * after the risk monitor's run on the same server, the reconciler's first run never reached its continue-as-new.
 */
describe('long-running workflows: the risk monitor', () => {
  const context = useTradingWorkflowEnvironment();
  const venue = useSimulatorWithDatabase('long_running_histories', 41);

  it('the risk monitor continues as new after 120 readings, its run\'s history far inside Temporal\'s limits', async () => {
    const figures = await firstRunHistory(context, venue, (taskQueue) => context.env.client.workflow.start(riskMonitor, {
      taskQueue, workflowId: riskMonitorWorkflowId(SIM_ACCOUNT_ID), args: [{ accountId: SIM_ACCOUNT_ID, intervalMs: 60_000 }],
    }));
    expectFarInsideLimits('riskMonitor: one run of 120 readings', figures, 120);
  });
});

describe('long-running workflows: the reconciler', () => {
  const context = useTradingWorkflowEnvironment();
  // With the timers skipped, runs come back to back: a rate limit far above OANDA's keeps each one a whole reconciliation.
  const venue = useSimulatorWithDatabase('long_running_reconciler', 43, { rateLimitPerSecond: 100_000 });

  it('the reconciler continues as new after 200 runs, its run\'s history far inside Temporal\'s limits with positions to explain', async () => {
    const { broker } = venue;
    // Open trades and a position on each side, so every run explains something.
    for (const [instrument, units] of [['EUR_USD', 3_000], ['GBP_USD', -2_000], ['USD_JPY', 1_000]] as const) {
      const { lastTransactionId } = await broker.accountSummary();
      await broker.placeOrder({ type: 'MARKET', clientOrderId: `history-${instrument}`, instrument, units }, { lastKnownTransactionId: lastTransactionId });
    }
    const figures = await firstRunHistory(context, venue, (taskQueue) => context.env.client.workflow.start(reconciler, {
      taskQueue, workflowId: reconcilerWorkflowId(SIM_ACCOUNT_ID), args: [{ accountId: SIM_ACCOUNT_ID, intervalMs: 5_000 }],
    }));
    expectFarInsideLimits('reconciler: one run of 200 reconciliations', figures, 200);
  });
});
