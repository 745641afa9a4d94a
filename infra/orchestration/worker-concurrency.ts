import type { WorkerOptions } from '@temporalio/worker';

export interface WorkerConcurrencySettings {
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS?: number;
  WORKER_WORKFLOW_TASK_POLLS?: number;
  WORKER_MAX_CONCURRENT_ACTIVITIES?: number;
}

type Concurrency = Pick<WorkerOptions, 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentWorkflowTaskPolls' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentLocalActivityExecutions'>;

/** The worker options the settings name; a setting left unset keeps the SDK's default. */
export function workerConcurrency(config: WorkerConcurrencySettings): Concurrency {
  const options: Concurrency = {
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentWorkflowTaskPolls: config.WORKER_WORKFLOW_TASK_POLLS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** The activity settings alone, for a worker that runs no workflows. */
export function activityConcurrency(config: WorkerConcurrencySettings): Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions'> {
  return config.WORKER_MAX_CONCURRENT_ACTIVITIES === undefined ? {} : { maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES };
}
