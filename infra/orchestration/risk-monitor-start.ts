import type { Client } from '@temporalio/client';
import { RISK_MONITOR_WORKFLOW, riskMonitorWorkflowId, type RiskMonitorInput, type RiskMonitorLimits } from '../../workflows/definitions/risk-monitor';
import type { AppConfig } from '../config';
import { ensureAccountWorkflow } from './account-workflow-start';
import { preTradeLimitsFrom } from './trading-limits';

/**
 * The breakers the monitor feeds, from the account's daily-loss limit (its own, or the deployment's): the daily loss
 * halts and latches until reset by hand; VaR and drawdown only reduce and re-arm after fifteen calm minutes. Twice the
 * daily-loss limit, or a 20% drawdown, is severe enough to close everything.
 */
export function riskMonitorLimitsFrom(config: AppConfig, accountId?: string): RiskMonitorLimits {
  const { maxDailyLossUsd } = preTradeLimitsFrom(config, accountId);
  return {
    breakers: {
      daily_loss: { threshold: maxDailyLossUsd, tripTo: 'HALTED', coolDownMs: 15 * 60_000, autoReset: false },
      drawdown: { threshold: 0.1, tripTo: 'REDUCING', coolDownMs: 15 * 60_000, autoReset: true },
      var_limit: { threshold: maxDailyLossUsd, tripTo: 'REDUCING', coolDownMs: 15 * 60_000, autoReset: true },
    },
    severeDailyLossUsd: 2 * maxDailyLossUsd,
    severeDrawdown: 0.2,
  };
}

/** Starts the account's risk monitor unless it already runs (one workflow id per account). */
export async function ensureRiskMonitor(client: Client, config: AppConfig, accountId: string): Promise<{ workflowId: string; runId: string }> {
  const input: RiskMonitorInput = { accountId, intervalMs: config.RISK_MONITOR_INTERVAL_MS };
  return ensureAccountWorkflow(client, { type: RISK_MONITOR_WORKFLOW, workflowId: riskMonitorWorkflowId(accountId), taskQueue: config.TEMPORAL_TASK_QUEUE, input });
}
