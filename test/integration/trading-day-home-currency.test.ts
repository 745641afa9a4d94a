import type { AccountSummary } from '../../domain/broker';
import { accountDailyPnl } from '../../infra/db/queries/trading-day';
import { useTradingDatabase } from '../helpers/trading-database';

const NOW_MS = Date.UTC(2026, 10, 10, 14, 0, 0);

/** A EUR account's summary as UsdMeasuredBroker gives it: amounts in USD at `usdPerUnit`, its own figures under home. */
function eurSummary(realizedPlEur: number, unrealizedPlEur: number, usdPerUnit: number): AccountSummary {
  const balanceEur = 100_000 + realizedPlEur;
  const navEur = balanceEur + unrealizedPlEur;
  return {
    accountId: '101-001-0000001-001', currency: 'USD', balance: balanceEur * usdPerUnit, nav: navEur * usdPerUnit, marginUsed: 0, marginAvailable: navEur * usdPerUnit,
    unrealizedPl: unrealizedPlEur * usdPerUnit, realizedPl: realizedPlEur * usdPerUnit, openTradeCount: 0, openPositionCount: 0, pendingOrderCount: 0, lastTransactionId: '9',
    home: { currency: 'EUR', balance: balanceEur, nav: navEur, realizedPl: realizedPlEur, usdPerUnit },
  };
}

/** The day's P/L of an account kept in euros: what it traded, converted now, never the rate's move on its past. */
describe('trading day of an account kept in another currency', () => {
  const context = useTradingDatabase('trading_day_home');

  it('realizes nothing when only EUR/USD moves, and converts what it realized today at today\'s rate', async () => {
    const accountId = '101-001-0000001-001';
    await accountDailyPnl(context.database.db, accountId, eurSummary(50_000, 0, 1.10), NOW_MS, 'test');
    const rateMoved = await accountDailyPnl(context.database.db, accountId, eurSummary(50_000, 0, 1.00), NOW_MS + 60_000, 'test');
    expect(rateMoved.realizedSinceDayStartUsd).toBeCloseTo(0, 9);
    const traded = await accountDailyPnl(context.database.db, accountId, eurSummary(49_900, 0, 1.00), NOW_MS + 120_000, 'test');
    expect(traded.realizedSinceDayStartUsd).toBeCloseTo(-100, 9);
    expect(traded.dailyPnlUsd).toBeCloseTo(-100, 9);
  });
});
