import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createBrokerQueueActivities } from '../activities';
import { recordAccountAtBroker } from '../infra/accounts/record-configured-accounts';
import type { AccountBrokers } from '../infra/broker/account-brokers';
import type { AppConfig } from '../infra/config';
import type { DatabaseHandle } from '../infra/db/client';
import type { Logger } from '../infra/logging';
import { riskMonitorLimitsFrom } from '../infra/orchestration/risk-monitor-start';
import { activityConcurrency } from '../infra/orchestration/worker-concurrency';
import { reconcileOnRestart } from '../infra/reconciliation/restart-reconciliation';
import { brokerTaskQueueFor } from '../workflows/definitions/task-queues';

export interface BrokerWorkerDeps {
  config: AppConfig;
  connection: NativeConnection;
  database: DatabaseHandle;
  brokers: AccountBrokers;
  logger: Logger;
  /** Aborted when the process shuts down: stop retrying and do not start polling. */
  shutdown: AbortSignal;
}

/**
 * The broker task queue is where orders are placed, so it is served only after every configured account is in the
 * registry and its orders and positions in Postgres have been reconciled with the broker. Until then it retries (a
 * broker outage at start must not stop health checks and the other workflows, which run on the orchestration queue
 * meanwhile); placements simply wait in the queue.
 */
export async function runBrokerWorkerAfterReconciliation(deps: BrokerWorkerDeps): Promise<void> {
  const { config, logger } = deps;
  for (let attempt = 1; !deps.shutdown.aborted; attempt++) {
    try {
      for (const account of config.broker.accounts) {
        await recordAccountAtBroker(deps.database.db, config.broker.venue, account, deps.brokers);
        await reconcileOnRestart({ database: deps.database, broker: deps.brokers.find(account.id)!, logger });
      }
      break;
    } catch (error) {
      const retryInMs = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
      logger.warn({ err: error, attempt, retryInMs }, 'restart reconciliation failed: the broker queue stays unserved (no order is placed) until it succeeds');
      await sleep(retryInMs, undefined, { signal: deps.shutdown }).catch(() => undefined);
    }
  }
  if (deps.shutdown.aborted) return;
  const taskQueue = brokerTaskQueueFor(config.TEMPORAL_TASK_QUEUE);
  const worker = await Worker.create({
    connection: deps.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    maxTaskQueueActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
    ...activityConcurrency(config),
    activities: createBrokerQueueActivities({
      database: deps.database, brokers: deps.brokers, clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId),
      mismatchTripsTo: config.RECONCILIATION_MISMATCH_TRIPS_TO,
    }),
  });
  logger.info({ taskQueue, activitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND }, 'broker worker polling after reconciliation');
  await worker.run();
}
