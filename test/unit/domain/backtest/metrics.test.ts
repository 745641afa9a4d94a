import { maxDrawdown, performanceMetrics } from '../../../../domain/backtest/metrics';
import { periodsPerYear } from '../../../../domain/backtest/periods-per-year';
import type { Trade } from '../../../../domain/backtest/trade';

const trade = (profitAccount: number, barsHeld: number, notionalAccount: number): Trade => ({
  direction: 1, units: 1000, entryIndex: 0, entryTimeMs: 0, entryPrice: 1, stopPrice: 0.9, takeProfitPrice: Number.NaN,
  exitIndex: 1, exitTimeMs: 1, exitPrice: 1, exitReason: 'signal', barsHeld,
  entryNotionalAccount: notionalAccount, exitNotionalAccount: notionalAccount, commissionAccount: 0, profitAccount,
});

describe('performance metrics', () => {
  // Equity 100, 110, 99, 99, 121: returns 1/10, -1/10, 0, 2/9; mean 1/18.
  // Deviations from the mean: 2/45, -7/45, -2.5/45, 7.5/45 -> squares sum 115.5/2025 -> sample variance 115.5/6075.
  // Four periods a year, so the run is exactly one year.
  const equity = Float64Array.from([100, 110, 99, 99, 121]);
  const trades = [trade(10, 2, 50), trade(-5, 1, 100), trade(20, 0, 50)];
  const metrics = performanceMetrics(equity, trades, 4);
  const sampleStdDev = Math.sqrt(115.5 / 6075);

  it('computes returns, volatility, Sharpe and Sortino by hand', () => {
    expect(metrics.totalReturn).toBeCloseTo(0.21, 12);
    expect(metrics.annualizedReturn).toBeCloseTo(0.21, 12);
    expect(metrics.annualizedVolatility).toBeCloseTo(sampleStdDev * 2, 12);
    expect(metrics.sharpe).toBeCloseTo((1 / 18 / sampleStdDev) * 2, 12);
    // downside deviation sqrt((0.1^2) / 4) = 1/20; Sortino (1/18)/(1/20) × 2 = 20/9
    expect(metrics.sortino).toBeCloseTo(20 / 9, 12);
  });

  it('measures the drawdown from the 110 peak to 99 and its two-bar duration; Calmar = 0.21 / 0.1', () => {
    expect(metrics.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(metrics.maxDrawdownDurationBars).toBe(2);
    expect(metrics.calmar).toBeCloseTo(2.1, 12);
    expect(maxDrawdown(Float64Array.from([100, 90, 95, 80, 85]))).toEqual({ maxDrawdown: 0.2, durationBars: 4 });
  });

  it('derives trade statistics: 2 wins of 3, profit factor 30/5, exposure 3 of 5 bars, turnover 400 over mean equity 105.8', () => {
    expect(metrics.winRate).toBeCloseTo(2 / 3, 12);
    expect(metrics.profitFactor).toBe(6);
    expect(metrics.exposure).toBeCloseTo(3 / 5, 12);
    expect(metrics.turnover).toBeCloseTo(400 / 105.8, 12);
    expect(metrics.numberOfTrades).toBe(3);
  });

  it('annualizes a half-year run: 10% over 2 of 4 periods a year is 1.1^2 - 1 = 21% a year', () => {
    expect(performanceMetrics(Float64Array.from([100, 105, 110]), [], 4).annualizedReturn).toBeCloseTo(0.21, 12);
  });

  it('handles degenerate curves: flat equity and no trades give zeros, no losses an unbounded profit factor', () => {
    const flat = performanceMetrics(Float64Array.from([100, 100, 100]), [], 252);
    expect(flat).toMatchObject({ totalReturn: 0, sharpe: 0, sortino: 0, maxDrawdown: 0, calmar: 0, winRate: 0, profitFactor: 0, exposure: 0, numberOfTrades: 0 });
    expect(performanceMetrics(Float64Array.from([100, 110]), [trade(10, 1, 10)], 1).profitFactor).toBe(Infinity);
    expect(() => performanceMetrics(new Float64Array(0), [], 1)).toThrow('at least one value');
  });

  it('annualizes FX bars over 52 weeks of 5 days', () => {
    expect(periodsPerYear('D')).toBe(260);
    expect(periodsPerYear('H1')).toBe(6240);
  });
});
