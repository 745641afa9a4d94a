import { sql } from 'drizzle-orm';
import { tradingDayStartMs } from '../../../domain/risk/daily-pnl';
import { systemRiskFigures, type AccountRiskReading } from '../../../domain/risk/system-risk';
import type { Database } from '../client';

/** Each account's latest risk reading taken since `since`. */
export async function latestAccountReadings(db: Database, since: Date): Promise<Array<AccountRiskReading & { takenAt: string }>> {
  const result = await db.execute<{ account_id: string; taken_at: Date | string; nav_usd: number; daily_pnl_usd: number; exposures: Record<string, number> | null }>(sql`
    select distinct on (account_id) account_id, taken_at, nav_usd, daily_pnl_usd, details -> 'exposuresUsd' as exposures
    from risk_snapshots where taken_at >= ${since.toISOString()}::timestamptz
    order by account_id, taken_at desc`);
  return result.rows.map((row) => ({
    accountId: row.account_id, takenAt: new Date(row.taken_at).toISOString(), navUsd: Number(row.nav_usd), dailyPnlUsd: Number(row.daily_pnl_usd), exposuresUsd: row.exposures ?? {},
  }));
}

/**
 * Each account's NAV at the end of every `intervalMs` since `sinceMs`, by interval number (epoch time divided by the
 * interval): the last reading in each interval.
 */
export async function navByInterval(db: Database, accountIds: readonly string[], sinceMs: number, intervalMs: number): Promise<Record<string, Map<number, number>>> {
  if (accountIds.length === 0) return {};
  const result = await db.execute<{ account_id: string; slot: string; nav_usd: number }>(sql`
    select distinct on (account_id, slot) account_id, floor(extract(epoch from taken_at) * 1000 / ${intervalMs})::bigint as slot, nav_usd
    from risk_snapshots
    where account_id in (${sql.join(accountIds.map((id) => sql`${id}`), sql`, `)}) and taken_at >= ${new Date(sinceMs).toISOString()}::timestamptz
    order by account_id, slot, taken_at desc`);
  const byAccount: Record<string, Map<number, number>> = {};
  for (const row of result.rows) (byAccount[row.account_id] ??= new Map()).set(Number(row.slot), Number(row.nav_usd));
  return byAccount;
}

export interface SystemRiskReadingSettings {
  /** A reading older than this is stale: it still counts (the account's last known loss and exposure), flagged. */
  freshForMs: number;
  /** Accounts' P/L is compared over this much history, interval by interval. */
  correlationWindowMs: number;
  correlationIntervalMs: number;
  minCommonIntervals: number;
  correlationLimit: number;
}

/**
 * The deployment's risk across accounts, from each account's latest reading of the trading day (a monitor that fails
 * or stops leaves its last known figures counting, flagged stale, rather than its loss uncounted) and NAV history.
 */
export async function readSystemRisk(db: Database, settings: SystemRiskReadingSettings, nowMs: number) {
  const readings = (await latestAccountReadings(db, new Date(tradingDayStartMs(nowMs))))
    .map((reading) => ({ ...reading, stale: nowMs - Date.parse(reading.takenAt) > settings.freshForMs }));
  const history = await navByInterval(db, readings.map((reading) => reading.accountId), nowMs - settings.correlationWindowMs, settings.correlationIntervalMs);
  const figures = systemRiskFigures({ readings, navByInterval: history, correlationLimit: settings.correlationLimit, minCommonIntervals: settings.minCommonIntervals });
  return { ...figures, readings };
}
