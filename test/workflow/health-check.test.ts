import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { HealthActivities } from '../../activities/health/health-activities';
import type { ComponentHealth } from '../../domain/health';
import { healthCheck } from '../../workflows';
import type { HealthCheckResult } from '../../workflows/definitions/health-check';
import { createTimeSkippingEnv } from '../helpers/time-skipping-env';

const healthy = (component: string): ComponentHealth => ({ component, status: 'healthy', latencyMs: 3, detail: 'answered' });

function mockActivities(overrides: Partial<HealthActivities> = {}) {
  const recorded: Array<Parameters<HealthActivities['recordHealth']>[0]> = [];
  const activities: HealthActivities = {
    probePostgres: async () => healthy('postgres'),
    probeTemporal: async () => healthy('temporal'),
    probeBroker: async () => healthy('broker'),
    recordHealth: async (input) => {
      recorded.push(input);
    },
    ...overrides,
  };
  return { activities, recorded };
}

describe('healthCheck workflow', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  async function run(activities: HealthActivities): Promise<HealthCheckResult> {
    const taskQueue = `health-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    return worker.runUntil(env.client.workflow.execute(healthCheck, {
      taskQueue,
      workflowId: `health-check-${randomUUID()}`,
      args: [{ trigger: 'manual', requestedBy: 'jest' }],
    }));
  }

  it('reports healthy and records every component when all probes answer', async () => {
    const { activities, recorded } = mockActivities();
    const result = await run(activities);
    expect(result.overall).toBe('healthy');
    expect(result.components.map((c) => c.component)).toEqual(['postgres', 'temporal', 'broker']);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ overall: 'healthy', trigger: 'manual', requestedBy: 'jest' });
    expect(recorded[0]!.components).toHaveLength(3);
  });

  it('reports unhealthy, and still records, when one component is down', async () => {
    const down: ComponentHealth = { component: 'broker', status: 'unhealthy', latencyMs: 1, detail: 'unreachable: ECONNREFUSED' };
    const { activities, recorded } = mockActivities({ probeBroker: async () => down });
    const result = await run(activities);
    expect(result.overall).toBe('unhealthy');
    expect(result.components.find((c) => c.component === 'broker')).toEqual(down);
    expect(recorded[0]!.overall).toBe('unhealthy');
  });

  it('takes the worst status: degraded beats healthy', async () => {
    const slow: ComponentHealth = { component: 'postgres', status: 'degraded', latencyMs: 900, detail: 'slow' };
    const { activities } = mockActivities({ probePostgres: async () => slow });
    expect((await run(activities)).overall).toBe('degraded');
  });

  it('retries a failed activity and records exactly once after it succeeds', async () => {
    let recordAttempts = 0;
    let probeAttempts = 0;
    const { activities, recorded } = mockActivities({
      probeTemporal: async () => {
        probeAttempts++;
        if (probeAttempts === 1) throw new Error('transient: connection reset');
        return healthy('temporal');
      },
    });
    const record = activities.recordHealth;
    activities.recordHealth = async (input) => {
      recordAttempts++;
      if (recordAttempts === 1) throw new Error('transient: database connection lost');
      await record(input);
    };
    const result = await run(activities);
    expect(result.overall).toBe('healthy');
    expect(probeAttempts).toBe(2);
    expect(recordAttempts).toBe(2);
    expect(recorded).toHaveLength(1);
  });

  it('fails the run once an activity has used up its retries', async () => {
    const { activities } = mockActivities({
      recordHealth: async () => {
        throw new Error('database is down');
      },
    });
    await expect(run(activities)).rejects.toThrow(/Workflow execution failed/);
  });
});
