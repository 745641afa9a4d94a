import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../helpers/time-skipping-env';
import type { sleepOneDay } from '../helpers/fixtures/sleep-one-day-workflow';

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

describe('createTimeSkippingEnv', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  }, 60_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow whose one-day timer is skipped rather than waited for', async () => {
    expect(env.supportsTimeSkipping).toBe(true);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'time-skipping-env-test',
      workflowsPath: require.resolve('../helpers/fixtures/sleep-one-day-workflow'),
    });
    const serverTimeBeforeMs = await env.currentTimeMs();

    const reading = await worker.runUntil(env.client.workflow.execute<typeof sleepOneDay>('sleepOneDay', {
      taskQueue: 'time-skipping-env-test',
      workflowId: 'sleep-one-day',
    }));

    expect(reading.afterSleepMs - reading.beforeSleepMs).toBeGreaterThanOrEqual(ONE_DAY_MS);
    expect((await env.currentTimeMs()) - serverTimeBeforeMs).toBeGreaterThanOrEqual(ONE_DAY_MS);
  }, 60_000);
});
