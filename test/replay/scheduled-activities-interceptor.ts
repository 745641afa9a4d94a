/**
 * Loaded into the replayed workflows' sandbox: reports every activity the code schedules, with its arguments, so the
 * replay test can compare them with the recorded ones. Temporal compares only the activity type on replay.
 */
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface ScheduledActivitySinks extends Sinks {
  scheduledActivities: { scheduled(activityType: string, args: unknown[]): void };
}

const { scheduledActivities } = proxySinks<ScheduledActivitySinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [{
    scheduleActivity(input, next) {
      scheduledActivities.scheduled(input.activityType, input.args);
      return next(input);
    },
  }],
});
