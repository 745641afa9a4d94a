import type { ActivityDeps } from '../activities';
import { postgresConnectionBudget } from '../infra/broker/rest-call-budget';
import { archiveDirectory, type AppConfig } from '../infra/config';
import type { DatabaseHandle } from '../infra/db/client';
import { systemRiskSettingsFrom } from '../infra/orchestration/risk-monitor-start';
import { preTradeLimitsFrom } from '../infra/orchestration/trading-limits';

/** What the orchestration worker's activities are built from, read from configuration; tests override what they need. */
export function orchestrationActivityDeps(
  config: AppConfig, database: DatabaseHandle, describeNamespace: ActivityDeps['describeNamespace'], overrides: Partial<ActivityDeps> = {},
): ActivityDeps {
  return {
    database,
    describeNamespace,
    brokerUrl: config.broker.restUrl,
    brokerToken: config.broker.token,
    brokerConnections: postgresConnectionBudget({ db: database.db, host: new URL(config.broker.restUrl).host, connectionsPerSecond: config.BROKER_NEW_CONNECTIONS_PER_SECOND }),
    probeTimeoutMs: config.PROBE_TIMEOUT_MS,
    degradedLatencyMs: config.HEALTH_DEGRADED_LATENCY_MS,
    limits: (accountId) => preTradeLimitsFrom(config, accountId),
    riskFraction: config.RISK_FRACTION,
    clock: Date.now,
    archiveDir: archiveDirectory(config),
    archiveMinAgeDays: config.ARCHIVE_MIN_AGE_DAYS,
    webhooks: config.webhooks,
    systemRisk: () => systemRiskSettingsFrom(config),
    ...overrides,
  };
}
