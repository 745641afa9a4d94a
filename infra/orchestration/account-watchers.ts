import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { ensureReconciler } from './reconciler-start';
import { ensureRiskMonitor } from './risk-monitor-start';

/**
 * Starts the workflows that watch every configured account (each as its setting allows): its continuous reconciler,
 * which also records fills, and its risk monitor. A disabled account keeps both: it places no order, but its
 * positions stay open, and a severe loss on them must still start its emergency stop. Answers the workflow ids
 * running per account.
 */
export async function ensureAccountWatchers(client: Client, config: AppConfig): Promise<Record<string, string[]>> {
  const running: Record<string, string[]> = {};
  for (const { id } of config.broker.accounts) {
    const ids: string[] = [];
    if (config.RECONCILER_ENABLED) ids.push((await ensureReconciler(client, config, id)).workflowId);
    if (config.RISK_MONITOR_ENABLED) ids.push((await ensureRiskMonitor(client, config, id)).workflowId);
    running[id] = ids;
  }
  return running;
}
