import { proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { CandleHistoryActivities } from '../activities/research/candle-history-activities';
import type { LiveRecordActivities } from '../activities/research/live-record-activities';
import type { ResearchActivities } from '../activities/research/research-activities';
import type { StrategyVersionActivities } from '../activities/research/strategy-version-activities';
import { brokerTaskQueueFor } from './definitions/task-queues';

/**
 * Backtests: minutes of CPU per batch, so they heartbeat after every trial and a stalled worker is noticed within
 * a minute; a trial is deterministic, so a retry computes (and stores) the same thing.
 */
export function researchActivities() {
  return proxyActivities<ResearchActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
  });
}

/** Short reads and writes of Postgres: retried through a database restart. */
const DATABASE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
};

/** strategy_params and evolution_generations. */
export function strategyVersionActivities() {
  return proxyActivities<StrategyVersionActivities>(DATABASE_ACTIVITY);
}

/** A version's realized record, from the orders and fills tables. */
export function liveRecordActivities() {
  return proxyActivities<LiveRecordActivities>(DATABASE_ACTIVITY);
}

/** A year of candles is a few paged broker calls per instrument, on the rate-limited broker queue. */
export function candleHistoryActivities() {
  return proxyActivities<CandleHistoryActivities>({
    taskQueue: brokerTaskQueueFor(workflowInfo().taskQueue),
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
  });
}
