import { once } from 'node:events';
import { createAccountBrokers } from '../infra/broker/account-brokers';
import { brokerBudgets } from '../infra/broker/rest-call-budget';
import { openDatabase } from '../infra/db/open-database';
import { createMetricsRegistry } from '../infra/metrics';
import { bootstrap, exitOnFailure, onShutdownSignal } from '../infra/process/bootstrap';
import { createTemporalClient } from '../infra/orchestration/temporal-client';
import type { AppConfig } from '../infra/config';
import type { Logger } from '../infra/logging';
import { createApp } from './app';
import { runUrlOf } from './run-url';
import { EventHub } from './stream/event-hub';
import { feedHotPathStatus } from './stream/hot-path-feed';
import { feedStreamFromPostgres } from './stream/stream-feed';
import { feedWorkflowRuns } from './stream/workflow-feed';
import { workflowRuns } from './workflow-runs';

/** The REST api: triggers, queries and control over the workflows, plus health, readiness and metrics. */
async function main(config: AppConfig, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger, 'api');
  const temporal = createTemporalClient(config.temporal, config.TEMPORAL_NAMESPACE);
  // Their calls count against each account's REST budget with every worker's and hot path's.
  const brokers = createAccountBrokers(config.broker, brokerBudgets(config, database.db, logger));
  const events = new EventHub();
  const stopFeed = new AbortController();
  const feed = feedStreamFromPostgres({
    connectionString: String(database.pool.options.connectionString), db: database.db, hub: events, runUrl: runUrlOf({ config, temporal }), logger,
  }, stopFeed.signal);
  const hotPathFeed = feedHotPathStatus({ db: database.db, hub: events, logger }, stopFeed.signal);
  const workflowFeed = feedWorkflowRuns({
    listRuns: workflowRuns({ config, temporal }), temporalAnswers: () => temporal.describeNamespace(2_000).then(() => true, () => false), hub: events, logger,
  }, stopFeed.signal);
  const app = createApp({ config, database, temporal, metrics: createMetricsRegistry('api'), logger, brokers, events });
  const server = app.listen(config.API_PORT, config.API_HOST);
  await once(server, 'listening');
  logger.info({ url: `http://${config.API_HOST}:${config.API_PORT}` }, 'api listening');

  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'api stopping');
    stopFeed.abort();
    events.endAll();
    await new Promise((resolve) => server.close(resolve));
    await Promise.all([feed, hotPathFeed, workflowFeed]);
    await temporal.close();
    brokers.close();
    await database.close();
    logger.info('api stopped');
  });
}

const { config, logger } = bootstrap('api');
main(config, logger).catch(exitOnFailure(logger));
