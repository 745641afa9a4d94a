import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { AppConfig } from '../infra/config';
import type { Logger } from '../infra/logging';
import { openDatabase } from '../infra/db/open-database';
import { createMetricsRegistry, serveMetrics } from '../infra/metrics';
import { bootstrap, exitOnFailure } from '../infra/process/bootstrap';
import { connectWorker } from '../infra/orchestration/connect-worker';
import { ensureHealthCheckSchedule } from '../infra/orchestration/health-check-schedule';
import { createTemporalClient } from '../infra/orchestration/temporal-client';
import { installTemporalRuntime } from '../infra/orchestration/temporal-runtime';

/** The orchestration worker: runs every workflow and activity on the orchestration task queue. */
async function main(config: AppConfig, logger: Logger): Promise<void> {
  installTemporalRuntime(logger);
  const database = await openDatabase(config, logger, 'orchestration-worker');
  const temporal = createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const metricsServer = await serveMetrics(createMetricsRegistry('orchestration-worker'), config.WORKER_METRICS_PORT);

  const worker = await Worker.create({
    connection: await connectWorker(config.TEMPORAL_ADDRESS, logger),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({
      database,
      describeNamespace: temporal.describeNamespace,
      brokerUrl: config.broker.restUrl,
      brokerToken: config.broker.token,
      probeTimeoutMs: config.PROBE_TIMEOUT_MS,
      degradedLatencyMs: config.HEALTH_DEGRADED_LATENCY_MS,
    }),
  });
  if (config.SCHEDULES_ENABLED) {
    logger.info({ outcome: await ensureHealthCheckSchedule(temporal.client, config) }, 'health-check schedule ensured');
  }
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, metricsPort: config.WORKER_METRICS_PORT }, 'orchestration worker running');
  await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks have finished
  metricsServer.close();
  await temporal.close();
  await database.close();
  logger.info('orchestration worker stopped');
}

const { config, logger } = bootstrap('orchestration-worker');
main(config, logger).catch(exitOnFailure(logger));
