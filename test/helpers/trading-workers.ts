import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { brokerTaskQueueFor } from '../../workflows/definitions/task-queues';

type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

export interface TradingWorkers {
  taskQueue: string;
  /** Runs `work` while a worker serves the orchestration queue and another the broker queue. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Workers as the orchestration worker process runs them, on a fresh pair of task queues. */
export async function createTradingWorkers(
  env: TestWorkflowEnvironment,
  workflowBundle: WorkflowBundleWithSourceMap,
  activities: { orchestration: Activities; broker: Activities },
): Promise<TradingWorkers> {
  const taskQueue = `trading-${randomUUID()}`;
  const [orchestration, broker] = await Promise.all([
    Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: activities.orchestration }),
    Worker.create({ connection: env.nativeConnection, taskQueue: brokerTaskQueueFor(taskQueue), activities: activities.broker }),
  ]);
  return { taskQueue, run: (work) => orchestration.runUntil(broker.runUntil(work)) };
}
