import { accountRiskFigures } from '../../../../domain/risk/account-risk-figures';

describe('accountRiskFigures', () => {
  const inputs = {
    navUsd: 100_000,
    dailyPnlUsd: -1_000,
    peakNavUsd: 104_000,
    positionUnits: { EUR_USD: 10_000, USD_JPY: -20_000 },
    pricesMid: { EUR_USD: 1.1, USD_JPY: 150 },
    returns: { EUR_USD: Float64Array.from([0.01, -0.02, 0.005]), USD_JPY: Float64Array.from([0, 0.01, -0.01]) },
  };

  it('computes exposure, concentration, daily P/L, drawdown and historical VaR/ES (hand-checked)', () => {
    const figures = accountRiskFigures(inputs);
    // EUR_USD 10,000 x 1.1 = 11,000 USD long; USD_JPY is USD-based: 20,000 USD short.
    expect(figures.exposuresUsd.EUR_USD).toBeCloseTo(11_000, 9);
    expect(figures.exposuresUsd.USD_JPY).toBeCloseTo(-20_000, 9);
    expect(figures.grossExposureUsd).toBeCloseTo(31_000, 9);
    expect(figures.netExposureUsd).toBeCloseTo(-9_000, 9);
    expect(figures.largestConcentration).toBeCloseTo(0.2, 12);
    expect(figures.dailyPnlUsd).toBe(-1_000);
    expect(figures.drawdown).toBeCloseTo(4_000 / 104_000, 12);
    expect(figures.peakNavUsd).toBe(104_000);
    // P/L per period: 110, -420, 255. 5% quantile (linear): -420 + 0.1 x 530 = -367; 1%: -420 + 0.02 x 530 = -409.4.
    expect(figures.var95Usd).toBeCloseTo(367, 9);
    expect(figures.var99Usd).toBeCloseTo(409.4, 9);
    expect(figures.es95Usd).toBeCloseTo(420, 9);
    expect(figures.es99Usd).toBeCloseTo(420, 9);
    expect(figures.observations).toEqual({ daily_loss: 1_000, drawdown: figures.drawdown, var_limit: figures.var99Usd });
  });

  it('takes a new high as the peak (no drawdown) and reports a gain as zero daily loss', () => {
    const figures = accountRiskFigures({ ...inputs, navUsd: 105_000, dailyPnlUsd: 4_000 });
    expect(figures).toMatchObject({ peakNavUsd: 105_000, drawdown: 0, dailyPnlUsd: 4_000, observations: { daily_loss: 0, drawdown: 0 } });
  });

  it('has no risk without positions and refuses a non-positive NAV', () => {
    expect(accountRiskFigures({ ...inputs, positionUnits: {}, returns: {} })).toMatchObject({ grossExposureUsd: 0, largestConcentration: 0, var99Usd: 0, es99Usd: 0 });
    expect(() => accountRiskFigures({ ...inputs, navUsd: 0 })).toThrow('account NAV must be positive, got 0');
  });
});
