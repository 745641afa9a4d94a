import { systemRiskFigures, type AccountRiskReading } from '../../../../domain/risk/system-risk';

const reading = (accountId: string, exposuresUsd: AccountRiskReading['exposuresUsd'], dailyPnlUsd = 0, navUsd = 100_000): AccountRiskReading => ({ accountId, navUsd, dailyPnlUsd, exposuresUsd });
const navs = (...values: number[]) => new Map(values.map((nav, interval) => [interval, nav]));
const figures = (readings: AccountRiskReading[], navByInterval: Record<string, Map<number, number>> = {}) =>
  systemRiskFigures({ readings, navByInterval, correlationLimit: 0.8, minCommonIntervals: 4 });

describe('systemRiskFigures', () => {
  it('sums NAV and the day\'s P/L, and observes the loss of all accounts together', () => {
    const system = figures([reading('a', {}, -300), reading('b', {}, 120, 50_000)]);
    expect([system.navUsd, system.dailyPnlUsd, system.observations.system_daily_loss]).toEqual([150_000, -180, 180]);
    expect(figures([reading('a', {}, 500)]).observations.system_daily_loss).toBe(0);
  });

  it('nets each currency over accounts and instruments, long the base and short the quote, USD left out', () => {
    const system = figures([
      reading('a', { EUR_USD: 120_000, EUR_GBP: 30_000 }),
      reading('b', { EUR_USD: 60_000, GBP_USD: -20_000, USD_JPY: 50_000 }),
    ]);
    expect(system.currencyExposuresUsd).toEqual({ EUR: 210_000, GBP: -50_000, JPY: -50_000 });
    expect(system.observations.currency_exposure).toBeCloseTo(210_000 / 200_000, 12);
  });

  it('groups accounts whose P/L moves together and measures their concentration as one account\'s', () => {
    const together = [100_000, 100_400, 100_100, 100_900, 100_300, 101_000];
    const system = figures(
      [reading('a', { EUR_USD: 100_000 }), reading('b', { EUR_USD: 80_000 }), reading('c', { EUR_USD: 140_000 })],
      { a: navs(...together), b: navs(...together.map((nav) => nav * 2 - 100_000)), c: navs(100_000, 99_000, 100_500, 100_200, 99_400, 100_900) },
    );
    expect(system.correlatedGroups).toEqual([['a', 'b']]);
    expect(system.correlations.find((pair) => pair.accounts.join() === 'a,b')).toMatchObject({ correlation: expect.closeTo(1, 12), intervals: 5 });
    // a and b hold 180,000 of EUR_USD on 200,000 of NAV; c's larger position is its own account's concern.
    expect(system.observations.correlated_concentration).toBeCloseTo(0.9, 12);
  });

  it('compares only the intervals both accounts have with the one before, and not at all when too few are common', () => {
    const gappy = new Map([[0, 100], [1, 110], [3, 130], [4, 120], [5, 150], [6, 140], [7, 170]]);
    const full = navs(100, 110, 120, 130, 120, 150, 140, 170);
    const system = figures([reading('a', {}), reading('b', {})], { a: gappy, b: full });
    expect(system.correlations).toEqual([{ accounts: ['a', 'b'], correlation: expect.closeTo(1, 12), intervals: 5 }]);
    const short = figures([reading('a', {}), reading('b', {})], { a: navs(1, 2, 3), b: navs(1, 2, 3) });
    expect([short.correlations, short.correlatedGroups, short.observations.correlated_concentration]).toEqual([[], [], 0]);
  });
});
