import { loadConfig } from '../../../infra/config';
import { activityConcurrency, workerConcurrency } from '../../../infra/orchestration/worker-concurrency';

describe('worker concurrency settings', () => {
  it('leaves every option to the SDK when nothing is set', () => {
    const config = loadConfig({});
    expect(workerConcurrency(config)).toEqual({});
    expect(activityConcurrency(config)).toEqual({});
  });

  it('passes what is set to the worker options, activities to both kinds', () => {
    const config = loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_WORKFLOW_TASK_POLLS: '4', WORKER_MAX_CONCURRENT_ACTIVITIES: '16' });
    expect(workerConcurrency(config)).toEqual({
      maxConcurrentWorkflowTaskExecutions: 8, maxConcurrentWorkflowTaskPolls: 4, maxConcurrentActivityTaskExecutions: 16, maxConcurrentLocalActivityExecutions: 16,
    });
    expect(activityConcurrency(config)).toEqual({ maxConcurrentActivityTaskExecutions: 16 });
  });

  it('refuses fewer than two workflow tasks or polls, naming the variable', () => {
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
    expect(() => loadConfig({ WORKER_WORKFLOW_TASK_POLLS: '0' })).toThrow(/WORKER_WORKFLOW_TASK_POLLS/);
  });
});
