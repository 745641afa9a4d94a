import { and, eq, gte, sql } from 'drizzle-orm';
import type { AccountSummary } from '../../../domain/broker/account';
import { dailyPnlUsd, tradingDayStartMs } from '../../../domain/risk/daily-pnl';
import type { Database } from '../client';
import { fills, tradingDayMarks } from '../schema';

export type TradingDayMark = typeof tradingDayMarks.$inferSelect;

export interface AccountDailyPnl {
  dayStartMs: number;
  realizedSinceDayStartUsd: number;
  unrealizedAtDayStartUsd: number;
  dailyPnlUsd: number;
  /** The mark the figures count from: when and by whom the account was first observed this trading day. */
  mark: TradingDayMark;
}

/**
 * The account's first observation of the trading day holding `nowMs`, recorded by whoever makes it first; later
 * callers get the same mark back, so every process counts the day from one point.
 */
export async function markTradingDay(db: Database, accountId: string, summary: AccountSummary, nowMs: number, recordedBy: string): Promise<TradingDayMark> {
  const dayStart = new Date(tradingDayStartMs(nowMs));
  const [realizedBeforeMark] = await db.select({ total: sql<string | null>`sum(${fills.realizedPl})` }).from(fills)
    .where(and(eq(fills.accountId, accountId), gte(fills.filledAt, dayStart)));
  const [inserted] = await db.insert(tradingDayMarks).values({
    accountId, dayStart, lifetimeRealizedPlUsd: summary.realizedPl, lifetimeRealizedPlHome: summary.home?.realizedPl ?? null,
    realizedBeforeMarkUsd: Number(realizedBeforeMark?.total ?? 0),
    unrealizedPlUsd: summary.unrealizedPl, navUsd: summary.nav, recordedBy,
  }).onConflictDoNothing().returning();
  if (inserted) return inserted;
  const [existing] = await db.select().from(tradingDayMarks)
    .where(and(eq(tradingDayMarks.accountId, accountId), eq(tradingDayMarks.dayStart, dayStart))).limit(1);
  if (!existing) throw new Error(`trading day mark of ${accountId} at ${dayStart.toISOString()} vanished after a conflicting insert`);
  return existing;
}

/**
 * The day's P/L of an account from its summary, counted from the day's mark (made now if nobody made it yet). For an
 * account kept in another currency the realized part is the change of its lifetime P/L in that currency, converted at
 * today's rate: a rate move alone realizes nothing.
 */
export async function accountDailyPnl(db: Database, accountId: string, summary: AccountSummary, nowMs: number, recordedBy: string): Promise<AccountDailyPnl> {
  const mark = await markTradingDay(db, accountId, summary, nowMs, recordedBy);
  const realizedSinceMarkUsd = summary.home && mark.lifetimeRealizedPlHome !== null
    ? (summary.home.realizedPl - mark.lifetimeRealizedPlHome) * summary.home.usdPerUnit
    : summary.realizedPl - mark.lifetimeRealizedPlUsd;
  const realizedSinceDayStartUsd = mark.realizedBeforeMarkUsd + realizedSinceMarkUsd;
  return {
    dayStartMs: mark.dayStart.getTime(),
    realizedSinceDayStartUsd,
    unrealizedAtDayStartUsd: mark.unrealizedPlUsd,
    dailyPnlUsd: dailyPnlUsd({ realizedSinceDayStartUsd, unrealizedUsd: summary.unrealizedPl, unrealizedAtDayStartUsd: mark.unrealizedPlUsd }),
    mark,
  };
}
