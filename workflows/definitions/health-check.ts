import type { ComponentHealth, ComponentStatus } from '../../domain/health';

/** What the api and the schedule pass to, and get back from, the healthCheck workflow. */
export const HEALTH_CHECK_WORKFLOW = 'healthCheck';
export const HEALTH_CHECK_SCHEDULE_ID = 'health-check';

export interface HealthCheckInput {
  trigger: 'schedule' | 'api' | 'manual';
  requestedBy?: string;
}

export interface HealthCheckResult {
  overall: ComponentStatus;
  components: ComponentHealth[];
}
