import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ensureSearchAttributes } from '../../infra/orchestration/search-attributes';
import { TRADE_SEARCH_ATTRIBUTES } from '../../workflows/definitions/search-attributes';
import { brokerTaskQueueFor } from '../../workflows/definitions/task-queues';
import { createTimeSkippingEnv } from './time-skipping-env';

type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

export interface TradingWorkers {
  taskQueue: string;
  /** Runs `work` while a worker serves the orchestration queue and another the broker queue. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export interface TradingWorkflowEnvironment {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundleWithSourceMap;
}

/**
 * For a test file of trading workflows: one time-skipping server (with the trading search attributes) and one
 * workflow bundle, set up in beforeAll and torn down in afterAll. The fields are filled in once beforeAll has run.
 */
export function useTradingWorkflowEnvironment(): TradingWorkflowEnvironment {
  const context = {} as TradingWorkflowEnvironment;
  beforeAll(async () => {
    context.env = await createTimeSkippingEnv();
    await ensureSearchAttributes(context.env.connection, 'default', TRADE_SEARCH_ATTRIBUTES);
    context.workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  }, 120_000);
  afterAll(async () => {
    await context.env?.teardown();
  });
  return context;
}

/** Workers as the orchestration worker process runs them, on a fresh pair of task queues. */
export async function createTradingWorkers(
  { env, workflowBundle }: TradingWorkflowEnvironment,
  activities: { orchestration: Activities; broker: Activities },
): Promise<TradingWorkers> {
  const taskQueue = `trading-${randomUUID()}`;
  const [orchestration, broker] = await Promise.all([
    Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: activities.orchestration }),
    Worker.create({ connection: env.nativeConnection, taskQueue: brokerTaskQueueFor(taskQueue), activities: activities.broker }),
  ]);
  return { taskQueue, run: (work) => orchestration.runUntil(broker.runUntil(work)) };
}
