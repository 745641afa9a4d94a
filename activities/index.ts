import { createHealthActivities, type HealthActivityDeps } from './health/health-activities';

export type ActivityDeps = HealthActivityDeps;

/** Every activity the orchestration worker registers, built from its injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps),
  };
}
