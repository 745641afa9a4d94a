import { proxyActivities } from '@temporalio/workflow';
import type { HealthActivities } from '../activities/health/health-activities';
import { overallStatus } from '../domain/health';
import type { HealthCheckInput, HealthCheckResult } from './definitions/health-check';

const probes = proxyActivities<HealthActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** Probes every dependency in parallel, then records the outcome as one health row per component and an audit event. */
export async function healthCheck(input: HealthCheckInput): Promise<HealthCheckResult> {
  const components = await Promise.all([probes.probePostgres(), probes.probeTemporal(), probes.probeBroker()]);
  const result: HealthCheckResult = { overall: overallStatus(components), components };
  await probes.recordHealth({ ...result, trigger: input.trigger, requestedBy: input.requestedBy });
  return result;
}
