import type { Client } from '@temporalio/client';
import type { SystemRiskSettings } from '../../activities/safety/system-risk-activities';
import { RISK_MONITOR_WORKFLOW, riskMonitorWorkflowId, type RiskMonitorInput, type RiskMonitorLimits } from '../../workflows/definitions/risk-monitor';
import type { AppConfig } from '../config';
import { ensureAccountWorkflow } from './account-workflow-start';
import { preTradeLimitsFrom } from './trading-limits';

/**
 * The breakers the monitor feeds, from the account's daily-loss limit (its own, or the deployment's): the daily loss
 * halts and latches until reset by hand; VaR and drawdown only reduce and re-arm after fifteen calm minutes. Twice the
 * daily-loss limit, or a 20% drawdown, is severe enough to close everything.
 */
export function riskMonitorLimitsFrom(config: AppConfig, accountId: string): RiskMonitorLimits {
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

/**
 * The risk of every account together, measured after each account's reading: the day's loss of all accounts halts
 * and latches; a currency's net exposure over all accounts, or the concentration of accounts whose P/L moves together
 * (counted as one account), reduces and re-arms after fifteen calm minutes. Accounts are compared on their P/L over
 * the last day in intervals of five monitor readings; a reading older than five intervals drops an account out.
 */
export function systemRiskSettingsFrom(config: AppConfig): SystemRiskSettings {
  const calm = 15 * 60_000;
  return {
    breakers: {
      system_daily_loss: { threshold: config.SYSTEM_MAX_DAILY_LOSS_USD, tripTo: 'HALTED', coolDownMs: calm, autoReset: false },
      currency_exposure: { threshold: config.MAX_CURRENCY_EXPOSURE, tripTo: 'REDUCING', coolDownMs: calm, autoReset: true },
      correlated_concentration: { threshold: config.MAX_CONCENTRATION, tripTo: 'REDUCING', coolDownMs: calm, autoReset: true },
    },
    correlationLimit: config.ACCOUNT_CORRELATION_LIMIT,
    freshForMs: 5 * config.RISK_MONITOR_INTERVAL_MS,
    correlationWindowMs: 24 * 3_600_000,
    correlationIntervalMs: 5 * config.RISK_MONITOR_INTERVAL_MS,
    minCommonIntervals: 12,
  };
}

/** Starts the account's risk monitor unless it already runs (one workflow id per account). */
export async function ensureRiskMonitor(client: Client, config: AppConfig, accountId: string): Promise<{ workflowId: string; runId: string }> {
  const input: RiskMonitorInput = { accountId, intervalMs: config.RISK_MONITOR_INTERVAL_MS };
  return ensureAccountWorkflow(client, { type: RISK_MONITOR_WORKFLOW, workflowId: riskMonitorWorkflowId(accountId), taskQueue: config.TEMPORAL_TASK_QUEUE, input });
}
