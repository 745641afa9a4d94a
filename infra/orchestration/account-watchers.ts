import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import { listAccounts } from '../db/queries/accounts';
import { ensureReconciler } from './reconciler-start';
import { ensureRiskMonitor } from './risk-monitor-start';

/**
 * Starts the workflows that watch every configured account (each as its setting allows): its continuous reconciler,
 * which also records fills, and, unless an admin disabled the account, its risk monitor (enable starts it again). An
 * account new to the registry counts as enabled. Answers the workflow ids running per account.
 */
export async function ensureAccountWatchers(client: Client, config: AppConfig, db: Database): Promise<Record<string, string[]>> {
  const disabled = new Set((await listAccounts(db)).filter((account) => !account.enabled).map((account) => account.id));
  const running: Record<string, string[]> = {};
  for (const { id } of config.broker.accounts) {
    const ids: string[] = [];
    if (config.RECONCILER_ENABLED) ids.push((await ensureReconciler(client, config, id)).workflowId);
    if (config.RISK_MONITOR_ENABLED && !disabled.has(id)) ids.push((await ensureRiskMonitor(client, config, id)).workflowId);
    running[id] = ids;
  }
  return running;
}
