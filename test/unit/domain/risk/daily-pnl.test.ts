import { dailyPnlUsd, tradingDayStartMs } from '../../../../domain/risk/daily-pnl';

describe('daily P/L', () => {
  it('starts the trading day at 21:00 UTC, the day before when earlier', () => {
    expect(tradingDayStartMs(Date.UTC(2026, 11, 3, 21, 0, 0))).toBe(Date.UTC(2026, 11, 3, 21, 0, 0));
    expect(tradingDayStartMs(Date.UTC(2026, 11, 3, 20, 59, 59, 999))).toBe(Date.UTC(2026, 11, 2, 21, 0, 0));
    expect(tradingDayStartMs(Date.UTC(2026, 11, 4, 3, 0, 0))).toBe(Date.UTC(2026, 11, 3, 21, 0, 0));
    expect(tradingDayStartMs(Date.UTC(2026, 11, 4, 3, 0, 0), 0)).toBe(Date.UTC(2026, 11, 4, 0, 0, 0));
  });

  it('is realized since the day began plus how far the open P/L moved since then', () => {
    // Lost 300 on closed trades today; a position carried in at +200 is now at -100.
    expect(dailyPnlUsd({ realizedSinceDayStartUsd: -300, unrealizedUsd: -100, unrealizedAtDayStartUsd: 200 })).toBe(-600);
    // Nobody saw the day begin: all open P/L counts as today's.
    expect(dailyPnlUsd({ realizedSinceDayStartUsd: 0, unrealizedUsd: -100, unrealizedAtDayStartUsd: 0 })).toBe(-100);
  });
});
