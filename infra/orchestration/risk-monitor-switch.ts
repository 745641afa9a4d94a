import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { riskMonitorWorkflowId } from '../../workflows/definitions/risk-monitor';
import type { AppConfig } from '../config';
import { ensureRiskMonitor } from './risk-monitor-start';

/** The api answers within this even when Temporal does not. */
const SWITCH_TIMEOUT_MS = 5_000;

export type RiskMonitorChange = 'started' | 'stopped' | 'not running' | 'not traded here' | 'disabled by RISK_MONITOR_ENABLED' | `failed: ${string}`;

/**
 * Starts the account's risk monitor when it is enabled, cancels it when it is disabled. The registry's flag is what
 * halts the account; this only follows it, so a failure here is reported, not thrown (a worker's restart
 * starts the monitors of the enabled accounts again).
 */
export async function switchRiskMonitor(client: Client, config: AppConfig, accountId: string, enabled: boolean): Promise<RiskMonitorChange> {
  const bounded = <T>(call: () => Promise<T>) => client.withDeadline(Date.now() + SWITCH_TIMEOUT_MS, call);
  try {
    if (!enabled) {
      await bounded(() => client.workflow.getHandle(riskMonitorWorkflowId(accountId)).cancel());
      return 'stopped';
    }
    if (!config.RISK_MONITOR_ENABLED) return 'disabled by RISK_MONITOR_ENABLED';
    if (!config.broker.accounts.some((account) => account.id === accountId)) return 'not traded here';
    await bounded(() => ensureRiskMonitor(client, config, accountId));
    return 'started';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'not running';
    return `failed: ${(error as Error).message}`;
  }
}
