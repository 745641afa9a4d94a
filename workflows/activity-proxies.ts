import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { BrokerActivities } from '../activities/broker/broker-activities';
import type { MarketDataActivities } from '../activities/market-data/market-data-activities';
import type { AnalysisActivities } from '../activities/trading/analysis-activities';
import type { RecordActivities } from '../activities/trading/record-activities';
import { BROKER_ACTIVITY_TIMEOUT_MS, BROKER_HEARTBEAT_TIMEOUT_MS } from '../domain/trading/attempt-bounds';
import { brokerTaskQueueFor } from './definitions/task-queues';

/** Postgres reads and writes: retried through a database restart. */
export function recordActivities() {
  return proxyActivities<RecordActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
  });
}

/**
 * The same Postgres reads and writes as local activities, on the workflow's own worker: no task-queue round trip, for
 * the steps of a workflow that must be fast (analysisToTrade). Recorded as markers, retried as the activities are.
 */
export function localRecordActivities() {
  return proxyLocalActivities<RecordActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
  });
}

/** Strategy, sizing, risk and target maths: pure and fast, so local activities on the workflow's own worker. */
export function analysisActivities() {
  return proxyLocalActivities<AnalysisActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumAttempts: 3 },
  });
}

/**
 * Everything that calls the broker, on the rate-limited broker queue. Only retryable broker errors (timeouts,
 * lost connections, 5xx, 429) are retried; placements are idempotent by client order id, so a retry is safe. The
 * activities heartbeat every second: a worker killed mid-call is noticed in seconds, and its work retried elsewhere.
 */
export function brokerActivities() {
  return proxyActivities<BrokerActivities & MarketDataActivities>({
    taskQueue: brokerTaskQueueFor(workflowInfo().taskQueue),
    startToCloseTimeout: BROKER_ACTIVITY_TIMEOUT_MS,
    heartbeatTimeout: BROKER_HEARTBEAT_TIMEOUT_MS,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
  });
}
