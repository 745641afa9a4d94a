import { createTradingBroker } from '../infra/broker/create-broker';
import { brokerBudgets } from '../infra/broker/rest-call-budget';
import { openDatabase } from '../infra/db/open-database';
import type { Logger } from '../infra/logging';
import { createMetricsRegistry } from '../infra/metrics';
import { createTemporalClient } from '../infra/orchestration/temporal-client';
import { exitOnFailure, onShutdownSignal } from '../infra/process/bootstrap';
import { bootstrapHotPath } from './hot-path/bootstrap';
import { hotPathConfigFor, type HotPathConfig } from './hot-path/config';
import { serveControlPort } from './hot-path/control-server';
import { HotPathService } from './hot-path/hot-path-service';
import { accountHotPathMetrics, hotPathMetricFamilies } from './hot-path/metrics';

/**
 * The hot-path worker: tick-by-tick trading of each account in HOT_PATH_ACCOUNTS, outside workflow history, one engine
 * and one broker connection per account (see workers/hot-path/). /status answers the one account's status, or each
 * account's by id when it trades several.
 */
async function main(config: HotPathConfig, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger, 'hot-path');
  const temporal = createTemporalClient(config.temporal, config.TEMPORAL_NAMESPACE);
  const budgets = brokerBudgets(config, database.db, logger);
  const registry = createMetricsRegistry('hot-path');
  const families = hotPathMetricFamilies(registry);
  const connectionString = String(database.pool.options.connectionString);
  const services = config.hotPath.HOT_PATH_ACCOUNTS.map((accountId) => {
    const accountConfig = hotPathConfigFor(config, accountId);
    const broker = createTradingBroker(accountConfig.broker, budgets(accountId));
    const metrics = accountHotPathMetrics(families, accountId, config.hotPath.HOT_PATH_INSTRUMENTS);
    const service = new HotPathService({ config: accountConfig, broker, db: database.db, connectionString, temporal: temporal.client, metrics, logger: logger.child({ accountId }) });
    return { accountId, broker, service };
  });
  const status = () => (services.length === 1 ? services[0]!.service.status() : Object.fromEntries(services.map(({ accountId, service }) => [accountId, service.status()])));
  const controlServer = await serveControlPort(registry, status, config.hotPath.HOT_PATH_METRICS_PORT, config.hotPath.HOT_PATH_METRICS_HOST);
  const stopAll = () => Promise.allSettled(services.map(({ service }) => service.stop()));
  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'stopping: waiting for orders in flight and writing every record');
    await stopAll();
  });
  logger.info({ accounts: config.hotPath.HOT_PATH_ACCOUNTS, instruments: config.hotPath.HOT_PATH_INSTRUMENTS, controlPort: config.hotPath.HOT_PATH_METRICS_PORT }, 'hot-path worker starting');
  // One engine failing (its token refused, say) stops every engine the orderly way before the process exits.
  await Promise.all(services.map(({ service }) => service.start().then(() => service.whenStopped()))).catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });
  controlServer.close();
  services.forEach(({ broker }) => broker.close());
  await temporal.close();
  await database.close();
  logger.info('hot-path worker stopped');
}

const { config, logger } = bootstrapHotPath();
main(config, logger).catch(exitOnFailure(logger));
