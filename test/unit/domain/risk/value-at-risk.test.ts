import { historicalRisk } from '../../../../domain/risk/historical-var';
import { monteCarloRisk } from '../../../../domain/risk/monte-carlo-var';
import { parametricRisk } from '../../../../domain/risk/parametric-var';
import { seededRandom } from '../../../../domain/random';

const series = (...values: number[]): Float64Array => Float64Array.from(values);

describe('historical VaR and ES', () => {
  it('reads VaR and ES off a shuffled 41-period P/L ladder (hand-checked)', () => {
    // P/L = 100,000 USD * (k - 20) / 10,000 = 10 * (k - 20) for k = 0..40, so -200..200 in steps of 10.
    const ladder = Array.from({ length: 41 }, (_, k) => (k - 20) / 10_000);
    const shuffled = ladder.map((_, i) => ladder[(i * 17) % 41]!);
    const risk = historicalRisk({ exposuresUsd: { EUR_USD: 100_000 }, returns: { EUR_USD: Float64Array.from(shuffled) } });
    // 5% quantile sits exactly on the third-worst outcome (position 40 * 0.05 = 2): -180; tail mean of -200, -190, -180.
    expect(risk.var95Usd).toBeCloseTo(180, 9);
    expect(risk.es95Usd).toBeCloseTo(190, 9);
    // 1% quantile at position 0.4: -200 + 0.4 * 10; only the worst outcome lies beyond it.
    expect(risk.var99Usd).toBeCloseTo(196, 9);
    expect(risk.es99Usd).toBeCloseTo(200, 9);
  });

  it('sums signed exposures period by period across instruments (hand-checked)', () => {
    // P/L_t = 100,000 * EUR_USD_t - 50,000 * USD_JPY_t = [0, -2500, 1000, 0, -1500].
    const risk = historicalRisk({
      exposuresUsd: { EUR_USD: 100_000, USD_JPY: -50_000 },
      returns: { EUR_USD: series(0.01, -0.02, 0.005, 0, -0.01), USD_JPY: series(0.02, 0.01, -0.01, 0, 0.01) },
    });
    // Sorted P/L: -2500, -1500, 0, 0, 1000. 5% quantile at position 0.2: -2500 + 0.2 * 1000.
    expect(risk.var95Usd).toBeCloseTo(2300, 9);
    expect(risk.var99Usd).toBeCloseTo(2460, 9);
    expect(risk.es95Usd).toBeCloseTo(2500, 9);
    expect(risk.es99Usd).toBeCloseTo(2500, 9);
  });

  it('ignores instruments with no exposure and reports zero risk for a flat book', () => {
    expect(historicalRisk({ exposuresUsd: { EUR_USD: 0 }, returns: {} })).toEqual({ var95Usd: 0, var99Usd: 0, es95Usd: 0, es99Usd: 0 });
  });

  it('names missing or misaligned histories', () => {
    expect(() => historicalRisk({ exposuresUsd: { EUR_USD: 1, GBP_USD: 1 }, returns: { EUR_USD: series(0.1) } })).toThrow('no return history for GBP_USD');
    expect(() => historicalRisk({ exposuresUsd: { EUR_USD: 1, GBP_USD: 1 }, returns: { EUR_USD: series(0.1), GBP_USD: series(0.1, 0.2) } }))
      .toThrow('EUR_USD has 1 periods, GBP_USD has 2');
    expect(() => historicalRisk({ exposuresUsd: { EUR_USD: 1 }, returns: { EUR_USD: series(0.1, Number.NaN) } })).toThrow('EUR_USD contains a non-finite value');
  });
});

describe('parametric VaR and ES', () => {
  // Zero-mean series: var(EUR_USD) = 0.0004/3, var(USD_CHF) = 0.0008/3, cov = 0.0004/3.
  const returns = { EUR_USD: series(0.01, -0.01, 0.01, -0.01), USD_CHF: series(0.02, -0.02, 0, 0) };
  const exposuresUsd = { EUR_USD: 100_000, USD_CHF: 50_000 };
  // wᵀΣw = (1e10 * 0.0004 + 2.5e9 * 0.0008 + 2 * 5e9 * 0.0004) / 3 = 1e7 / 3.
  const sigmaUsd = Math.sqrt(1e7 / 3);

  it('matches the 2-asset hand computation zσ and σφ(z)/(1 - c)', () => {
    const risk = parametricRisk({ exposuresUsd, returns });
    expect(risk.var95Usd).toBeCloseTo(1.6448536269514722 * sigmaUsd, 4); // 3003.05 USD
    expect(risk.var99Usd).toBeCloseTo(2.3263478740408408 * sigmaUsd, 4); // 4247.29 USD
    expect(risk.es95Usd).toBeCloseTo(2.0627128075074 * sigmaUsd, 4); // 3765.96 USD
    expect(risk.es99Usd).toBeCloseTo(2.665214220345808 * sigmaUsd, 4); // 4865.99 USD
  });

  it('credits the expected P/L: a mean return of 0.1% on both lowers every measure by 150 USD', () => {
    const shift = (values: Float64Array): Float64Array => values.map((value) => value + 0.001);
    const base = parametricRisk({ exposuresUsd, returns });
    const shifted = parametricRisk({ exposuresUsd, returns: { EUR_USD: shift(returns.EUR_USD), USD_CHF: shift(returns.USD_CHF) } });
    expect(shifted.var95Usd).toBeCloseTo(base.var95Usd - 150, 6);
    expect(shifted.es99Usd).toBeCloseTo(base.es99Usd - 150, 6);
  });

  it('needs two periods to estimate a covariance', () => {
    expect(() => parametricRisk({ exposuresUsd: { EUR_USD: 1 }, returns: { EUR_USD: series(0.1) } })).toThrow('at least 2 return periods');
  });
});

describe('Monte Carlo VaR and ES', () => {
  const random = seededRandom(1);
  const returns = {
    EUR_USD: Float64Array.from({ length: 250 }, () => 0.006 * random.normal()),
    GBP_USD: Float64Array.from({ length: 250 }, () => 0.007 * random.normal()),
  };
  const exposuresUsd = { EUR_USD: 200_000, GBP_USD: -80_000 };

  it('reproduces exactly from a seed', () => {
    const first = monteCarloRisk({ exposuresUsd, returns }, { paths: 5_000, random: seededRandom(42) });
    const second = monteCarloRisk({ exposuresUsd, returns }, { paths: 5_000, random: seededRandom(42) });
    expect(second).toEqual(first);
  });

  it('converges to the parametric figures it shares a normal model with', () => {
    const simulated = monteCarloRisk({ exposuresUsd, returns }, { paths: 100_000, random: seededRandom(7) });
    const closedForm = parametricRisk({ exposuresUsd, returns });
    expect(Math.abs(simulated.var95Usd / closedForm.var95Usd - 1)).toBeLessThan(0.02);
    expect(Math.abs(simulated.var99Usd / closedForm.var99Usd - 1)).toBeLessThan(0.02);
    expect(Math.abs(simulated.es95Usd / closedForm.es95Usd - 1)).toBeLessThan(0.02);
    expect(Math.abs(simulated.es99Usd / closedForm.es99Usd - 1)).toBeLessThan(0.03);
  });

  it('keeps the correlation: a perfect hedge on identical series carries no risk', () => {
    const hedged = monteCarloRisk(
      { exposuresUsd: { EUR_USD: 100_000, GBP_USD: -100_000 }, returns: { EUR_USD: returns.EUR_USD, GBP_USD: returns.EUR_USD } },
      { paths: 1_000, random: seededRandom(3) },
    );
    expect(Math.abs(hedged.var99Usd)).toBeLessThan(1e-6);
    expect(Math.abs(hedged.es99Usd)).toBeLessThan(1e-6);
  });

  it('refuses too few paths', () => {
    expect(() => monteCarloRisk({ exposuresUsd, returns }, { paths: 10, random: seededRandom(1) })).toThrow('at least 100 paths');
  });
});
