import { createBrokerActivities, type BrokerActivityDeps } from './broker/broker-activities';
import { createFillRecordingActivities } from './broker/fill-recording-activities';
import { allHeartbeating } from './heartbeating';
import { createHealthActivities, type HealthActivityDeps } from './health/health-activities';
import { createArchiveActivities, type ArchiveActivityDeps } from './maintenance/archive-activities';
import { createRetentionActivities } from './maintenance/retention-activities';
import { createMarketDataActivities, type MarketDataDeps } from './market-data/market-data-activities';
import { createNotificationActivities, type NotificationActivityDeps } from './notifications/notification-activities';
import { createAnalysisActivities, type AnalysisActivityDeps } from './trading/analysis-activities';
import { createRecordActivities, type RecordActivityDeps } from './trading/record-activities';
import { createEmergencyBrokerActivities } from './safety/emergency-broker-activities';
import { createSafetyRecordActivities } from './safety/safety-record-activities';
import { createRiskMonitorActivities, type RiskMonitorActivityDeps } from './safety/risk-monitor-activities';
import { createSystemRiskActivities, type SystemRiskActivityDeps } from './safety/system-risk-activities';
import { createReconciliationActivities, type ReconciliationDeps } from './reconciliation/reconciliation-activities';
import { createCandleHistoryActivities } from './research/candle-history-activities';
import { createLiveRecordActivities } from './research/live-record-activities';
import { createResearchActivities } from './research/research-activities';
import { createStrategyVersionActivities } from './research/strategy-version-activities';

export type ActivityDeps = HealthActivityDeps & RecordActivityDeps & AnalysisActivityDeps & ArchiveActivityDeps & NotificationActivityDeps & SystemRiskActivityDeps;

/** Every activity the orchestration worker registers on the orchestration task queue, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps),
    ...createRecordActivities(deps),
    ...createAnalysisActivities(deps),
    ...createResearchActivities(deps),
    ...createStrategyVersionActivities(deps),
    ...createLiveRecordActivities(deps),
    ...createSafetyRecordActivities(deps),
    ...createSystemRiskActivities(deps),
    ...createRetentionActivities(deps),
    ...createArchiveActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type BrokerQueueDeps = BrokerActivityDeps & Omit<MarketDataDeps, 'broker'> & RiskMonitorActivityDeps & ReconciliationDeps;

/**
 * The activities that call the broker: registered by the worker on the rate-limited broker task queue only. Those the
 * workflows call with a heartbeat timeout heartbeat every second; the rest heartbeat their own progress, or none.
 * Account activities take the account's connection; market data, the same for every account, the default one's.
 */
export function createBrokerQueueActivities(deps: BrokerQueueDeps) {
  const marketData = { ...deps, broker: deps.brokers.market };
  return {
    ...allHeartbeating(createBrokerActivities(deps)),
    ...allHeartbeating(createMarketDataActivities(marketData)),
    ...allHeartbeating(createEmergencyBrokerActivities(deps)),
    ...allHeartbeating(createReconciliationActivities(deps)),
    ...createCandleHistoryActivities(marketData),
    ...createRiskMonitorActivities(deps),
    ...createFillRecordingActivities(deps),
  };
}
