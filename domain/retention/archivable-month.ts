/** The records of money, each partitioned by month of the column that dates its rows. */
export const MONEY_TABLES = ['orders', 'fills', 'audit_events'] as const;
export type MoneyTable = (typeof MONEY_TABLES)[number];

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 86_400_000;

export interface MonthSpan {
  /** First instant of the month, UTC. */
  startMs: number;
  /** First instant of the next month, UTC. */
  endMs: number;
}

/** The UTC span of a month written YYYY-MM; throws on anything else. */
export function monthSpan(month: string): MonthSpan {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`expected a month as YYYY-MM, got ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { startMs: Date.UTC(year, index, 1), endMs: Date.UTC(year, index + 1, 1) };
}

/** The partition holding a month of a money table, as migration 0013 names them: orders_2026_09. */
export function partitionName(table: MoneyTable, month: string): string {
  monthSpan(month);
  return `${table}_${month.replace('-', '_')}`;
}

/**
 * Why a month may not be archived yet, or undefined when it may: only a month that ended at least `minAgeDays` ago
 * leaves the database, so what the risk monitor, the reconciler and the live records read is never archived.
 */
export function archiveRefusal(month: string, nowMs: number, minAgeDays: number): string | undefined {
  const { endMs } = monthSpan(month);
  const archivableFromMs = endMs + minAgeDays * DAY_MS;
  if (nowMs < archivableFromMs) {
    return `${month} can be archived from ${new Date(archivableFromMs).toISOString().slice(0, 10)}: a month leaves the database ${minAgeDays} days after it ends (ARCHIVE_MIN_AGE_DAYS)`;
  }
  return undefined;
}
