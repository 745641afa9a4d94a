import { createBroker } from '../infra/broker/create-broker';
import { brokerBudgets } from '../infra/broker/rest-call-budget';
import { openDatabase } from '../infra/db/open-database';
import type { Logger } from '../infra/logging';
import { createMetricsRegistry } from '../infra/metrics';
import { createTemporalClient } from '../infra/orchestration/temporal-client';
import { exitOnFailure, onShutdownSignal } from '../infra/process/bootstrap';
import { bootstrapHotPath } from './hot-path/bootstrap';
import type { HotPathConfig } from './hot-path/config';
import { serveControlPort } from './hot-path/control-server';
import { HotPathService } from './hot-path/hot-path-service';
import { createHotPathMetrics } from './hot-path/metrics';

/** The hot-path worker: one account's tick-by-tick trading, outside workflow history (see workers/hot-path/). */
async function main(config: HotPathConfig, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger, 'hot-path');
  const temporal = createTemporalClient(config.temporal, config.TEMPORAL_NAMESPACE);
  const broker = createBroker(config.broker, brokerBudgets(config, database.db, logger)(config.broker.accountId));
  const registry = createMetricsRegistry('hot-path');
  const metrics = createHotPathMetrics(registry, config.hotPath.HOT_PATH_INSTRUMENTS);
  const connectionString = String(database.pool.options.connectionString);
  const service = new HotPathService({ config, broker, db: database.db, connectionString, temporal: temporal.client, metrics, logger });
  const controlServer = await serveControlPort(registry, () => service.status(), config.hotPath.HOT_PATH_METRICS_PORT, config.hotPath.HOT_PATH_METRICS_HOST);
  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'stopping: waiting for orders in flight and writing every record');
    await service.stop();
  });
  logger.info({ accountId: config.broker.accountId, instruments: config.hotPath.HOT_PATH_INSTRUMENTS, controlPort: config.hotPath.HOT_PATH_METRICS_PORT }, 'hot-path worker starting');
  await service.start();
  await service.whenStopped();
  controlServer.close();
  broker.close();
  await temporal.close();
  await database.close();
  logger.info('hot-path worker stopped');
}

const { config, logger } = bootstrapHotPath();
main(config, logger).catch(exitOnFailure(logger));
