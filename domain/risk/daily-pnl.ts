/**
 * The day's P/L as every limit counts it (the workflows' pre-trade check, the hot path, the risk monitor): what was
 * realized since the trading day began, plus how much the open positions' P/L moved since then.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** 17:00 New York in summer time, when OANDA's trading day rolls. */
export const TRADING_DAY_START_UTC_HOUR = 21;

/** Start of the trading day holding `nowMs`. */
export function tradingDayStartMs(nowMs: number, startUtcHour = TRADING_DAY_START_UTC_HOUR): number {
  const offsetMs = startUtcHour * HOUR_MS;
  return Math.floor((nowMs - offsetMs) / DAY_MS) * DAY_MS + offsetMs;
}

export interface DailyPnlInputs {
  /** Realized P/L of every fill since the trading day began. */
  realizedSinceDayStartUsd: number;
  /** Open P/L now. */
  unrealizedUsd: number;
  /**
   * Open P/L when the day began, as first observed that day; 0 when nobody observed it, so a position carried into
   * the day counts all its open P/L as today's.
   */
  unrealizedAtDayStartUsd: number;
}

export function dailyPnlUsd({ realizedSinceDayStartUsd, unrealizedUsd, unrealizedAtDayStartUsd }: DailyPnlInputs): number {
  return realizedSinceDayStartUsd + unrealizedUsd - unrealizedAtDayStartUsd;
}
