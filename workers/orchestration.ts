import { Worker } from '@temporalio/worker';
import { runBrokerWorkerAfterReconciliation } from './broker-worker';
import { createActivities } from '../activities';
import { createAccountBrokers } from '../infra/broker/account-brokers';
import { brokerBudgets } from '../infra/broker/rest-call-budget';
import type { AppConfig } from '../infra/config';
import { orchestrationActivityDeps } from './orchestration-activity-deps';
import type { Logger } from '../infra/logging';
import { openDatabase } from '../infra/db/open-database';
import { createMetricsRegistry, serveMetrics } from '../infra/metrics';
import { bootstrap, exitOnFailure } from '../infra/process/bootstrap';
import { connectWorker } from '../infra/orchestration/connect-worker';
import { ensureHealthCheckSchedule } from '../infra/orchestration/health-check-schedule';
import { ensureResearchSchedules } from '../infra/orchestration/research-schedules';
import { ensureRetentionSchedule } from '../infra/orchestration/retention-schedule';
import { ensureAccountWatchers } from '../infra/orchestration/account-watchers';
import { freshWorkflowBundle, WORKFLOW_INTERCEPTOR_MODULES } from '../infra/orchestration/workflow-bundle';
import { createTemporalClient, workflowRunUrl } from '../infra/orchestration/temporal-client';
import { dispatchNotifications } from '../infra/notifications/dispatcher';
import { installTemporalRuntime } from '../infra/orchestration/temporal-runtime';
import { workerConcurrency } from '../infra/orchestration/worker-concurrency';
import { findFreePort } from '../infra/net/free-port';
import { registerOperationalMetrics } from '../infra/telemetry/operational-metrics';
import { registerStorageMetrics } from '../infra/telemetry/storage-metrics';
import { temporalSdkMetrics } from '../infra/telemetry/sdk-metrics';
import { registerTemporalMetrics } from '../infra/telemetry/temporal-metrics';
import { workflowOutcomeSinks } from '../infra/telemetry/workflow-outcome-metrics';
import { TRADE_SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';
import { ensureSearchAttributes } from '../infra/orchestration/search-attributes';

/**
 * The orchestration worker: every workflow and non-broker activity on the orchestration task queue, and a second
 * worker for the broker activities on the broker queue (rate-limited for every worker together), which starts
 * polling once restart reconciliation has succeeded.
 */
async function main(config: AppConfig, logger: Logger): Promise<void> {
  const sdkMetricsAddress = { host: '127.0.0.1', port: config.WORKER_SDK_METRICS_PORT ?? await findFreePort() };
  installTemporalRuntime(logger, sdkMetricsAddress);
  const database = await openDatabase(config, logger, 'orchestration-worker');
  const temporal = createTemporalClient(config.temporal, config.TEMPORAL_NAMESPACE);
  const registry = createMetricsRegistry('orchestration-worker');
  registerOperationalMetrics(registry, database.db);
  registerStorageMetrics(registry, database.db, config.DATA_DIR);
  registerTemporalMetrics(registry, temporal.client);
  const metricsServer = await serveMetrics(registry, config.WORKER_METRICS_PORT, config.WORKER_METRICS_HOST, [temporalSdkMetrics(sdkMetricsAddress)]);

  const brokers = createAccountBrokers(config.broker, brokerBudgets(config, database.db, logger));
  const connection = await connectWorker(config.temporal, logger);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    // bin/setup prebuilds the bundle; a build newer than it (tsc run by hand) makes the worker bundle itself.
    ...workflowCode(),
    sinks: workflowOutcomeSinks(registry),
    // A killed worker's workflows wait this long on its sticky queue before another worker takes them (default 10 s).
    stickyQueueScheduleToStartTimeout: '3 seconds',
    ...workerConcurrency(config),
    activities: createActivities(orchestrationActivityDeps(config, database, temporal.describeNamespace)),
  });
  const registered = await ensureSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE, TRADE_SEARCH_ATTRIBUTES);
  if (registered.length > 0) logger.info({ registered }, 'search attributes registered');
  if (config.SCHEDULES_ENABLED) {
    logger.info({ outcome: await ensureHealthCheckSchedule(temporal.client, config) }, 'health-check schedule ensured');
    logger.info({ outcomes: await ensureResearchSchedules(temporal.client, config) }, 'research schedules ensured');
    logger.info({ outcome: await ensureRetentionSchedule(temporal.client, config) }, 'retention schedule ensured');
  }
  if (!config.RISK_MONITOR_ENABLED) logger.warn('RISK_MONITOR_ENABLED=false: no risk snapshots and no breaker readings for any account');
  if (!config.RECONCILER_ENABLED) logger.warn('RECONCILER_ENABLED=false: unsettled orders wait for the next restart and unexplained positions go unnoticed');
  logger.info({ accounts: await ensureAccountWatchers(temporal.client, config) }, 'account watchers running');
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, metricsPort: config.WORKER_METRICS_PORT }, 'orchestration worker running');
  const shutdown = new AbortController();
  const brokerWorker = runBrokerWorkerAfterReconciliation({
    config, connection, database, brokers, logger, shutdown: shutdown.signal,
  });
  const notifications = dispatchNotifications({
    client: temporal.client, taskQueue: config.TEMPORAL_TASK_QUEUE, db: database.db, connectionString: String(database.pool.options.connectionString),
    sinks: config.webhooks, runUrl: (workflowId, runId) => workflowRunUrl(config.TEMPORAL_UI_URL, config.TEMPORAL_NAMESPACE, workflowId, runId), logger,
  }, shutdown.signal);
  // Both workers return after SIGINT/SIGTERM, once their in-flight tasks have finished.
  await worker.run();
  shutdown.abort();
  await Promise.all([brokerWorker, notifications]);
  brokers.close();
  metricsServer.close();
  await temporal.close();
  await database.close();
  logger.info('orchestration worker stopped');
}

function workflowCode(): { workflowBundle: { codePath: string } } | { workflowsPath: string; interceptors: { workflowModules: string[] } } {
  const codePath = freshWorkflowBundle();
  return codePath ? { workflowBundle: { codePath } } : { workflowsPath: require.resolve('../workflows'), interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } };
}

const { config, logger } = bootstrap('orchestration-worker');
main(config, logger).catch(exitOnFailure(logger));
