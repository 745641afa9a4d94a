import { ContinueAsNew, isCancellation, proxySinks, TemporalFailure, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { WorkflowOutcome, WorkflowOutcomeSinks } from './definitions/workflow-outcomes';

const { outcomes } = proxySinks<WorkflowOutcomeSinks>();

function outcomeOf(error: unknown): WorkflowOutcome {
  if (error instanceof ContinueAsNew) return 'continued_as_new';
  if (isCancellation(error)) return 'cancelled';
  return error instanceof TemporalFailure ? 'failed' : 'task_failed';
}

/** Reports how each workflow run ended to the worker's metrics; adds no command, so histories replay unchanged. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [{
    async execute(input, next) {
      try {
        const result = await next(input);
        outcomes.record('completed');
        return result;
      } catch (error) {
        outcomes.record(outcomeOf(error));
        throw error;
      }
    },
  }],
});
