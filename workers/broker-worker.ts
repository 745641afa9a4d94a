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
 * The broker task queue is where orders are placed, so an account is served only once it is in the registry and its
 * orders and positions in Postgres have been reconciled with the broker. The queue is polled as soon as one account
 * is; an account whose reconciliation fails (its broker unreachable, its token refused) is retried on its own, and
 * until it succeeds its activities fail retryably and wait, while the other accounts trade and stop as usual. A broker
 * outage at start never stops health checks and the other workflows, which run on the orchestration queue meanwhile.
 */
export async function runBrokerWorkerAfterReconciliation(deps: BrokerWorkerDeps): Promise<void> {
  const { config, logger } = deps;
  const unreconciled = new Set(config.broker.accounts.map((account) => account.id));
  let firstReady: () => void = () => undefined;
  const anyReady = new Promise<void>((resolve) => (firstReady = resolve));
  const reconciling = reconcileEachAccount(deps, unreconciled, firstReady);
  await Promise.race([anyReady, reconciling]);
  if (deps.shutdown.aborted) return reconciling;
  const taskQueue = brokerTaskQueueFor(config.TEMPORAL_TASK_QUEUE);
  const worker = await Worker.create({
    connection: deps.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    maxTaskQueueActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
    ...activityConcurrency(config),
    activities: createBrokerQueueActivities({
      database: deps.database, brokers: servedOnceReconciled(deps.brokers, unreconciled), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId),
      mismatchTripsTo: config.RECONCILIATION_MISMATCH_TRIPS_TO,
    }),
  });
  logger.info({ taskQueue, activitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND, unreconciled: [...unreconciled] }, 'broker worker polling after reconciliation');
  await Promise.all([worker.run(), reconciling]);
}

/** Records and reconciles every account in `unreconciled`, each apart, retrying the failed ones until none is left or the process stops. */
async function reconcileEachAccount(deps: BrokerWorkerDeps, unreconciled: Set<string>, onReconciled: () => void): Promise<void> {
  const { config, logger } = deps;
  for (let attempt = 1; unreconciled.size > 0 && !deps.shutdown.aborted; attempt++) {
    const retryInMs = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
    for (const account of config.broker.accounts.filter((candidate) => unreconciled.has(candidate.id))) {
      try {
        await recordAccountAtBroker(deps.database.db, config.broker.venue, account, deps.brokers);
        await reconcileOnRestart({ database: deps.database, broker: deps.brokers.find(account.id)!, logger });
        unreconciled.delete(account.id);
        onReconciled();
      } catch (error) {
        logger.warn({ err: error, accountId: account.id, attempt, retryInMs }, 'restart reconciliation failed: no order is placed for this account until it succeeds');
      }
    }
    if (unreconciled.size > 0) await sleep(retryInMs, undefined, { signal: deps.shutdown }).catch(() => undefined);
  }
}

/** The accounts' connections, an account still to reconcile answering with a retryable failure (its activity waits). */
function servedOnceReconciled(brokers: AccountBrokers, unreconciled: ReadonlySet<string>): AccountBrokers {
  return {
    ...brokers,
    find(accountId) {
      if (unreconciled.has(accountId)) throw new Error(`account ${accountId} is not reconciled with the broker on this worker yet: retried until it is`);
      return brokers.find(accountId);
    },
  };
}
