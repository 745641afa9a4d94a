import fc from 'fast-check';
import { computeTargetWeights } from '../../../../domain/portfolio/target-weights';
import { riskContributionShares, riskParityWeights } from '../../../../domain/portfolio/risk-parity';
import { validateTargetWeights } from '../../../../domain/portfolio/explicit-weights';

const series = (...values: number[]): Float64Array => Float64Array.from(values);
// var(EUR_USD) = 0.0004/3, var(GBP_USD) = 0.0008/3 = 2 var(EUR_USD), correlation 1/√2.
const returns = { EUR_USD: series(0.01, -0.01, 0.01, -0.01), GBP_USD: series(0.02, -0.02, 0, 0), USD_JPY: series(0.02, -0.02, 0.02, -0.02) };

describe('target weights', () => {
  it('equal_weight splits evenly', () => {
    const result = computeTargetWeights('equal_weight', { instruments: ['EUR_USD', 'GBP_USD', 'USD_JPY', 'AUD_USD'] });
    expect(result).toEqual({ weights: { EUR_USD: 0.25, GBP_USD: 0.25, USD_JPY: 0.25, AUD_USD: 0.25 }, converged: true, iterations: 0 });
  });

  it('inverse_volatility weights by 1/σ: USD_JPY has twice the volatility of EUR_USD, so half the weight', () => {
    const { weights } = computeTargetWeights('inverse_volatility', { instruments: ['EUR_USD', 'USD_JPY'], returns });
    expect(weights.EUR_USD).toBeCloseTo(2 / 3, 12);
    expect(weights.USD_JPY).toBeCloseTo(1 / 3, 12);
  });

  it('risk_parity on two assets weights by 1/σ whatever the correlation: √2 : 1', () => {
    const result = computeTargetWeights('risk_parity', { instruments: ['EUR_USD', 'GBP_USD'], returns });
    expect(result.converged).toBe(true);
    expect(result.weights.EUR_USD).toBeCloseTo(Math.SQRT2 / (1 + Math.SQRT2), 7);
    expect(result.weights.GBP_USD).toBeCloseTo(1 / (1 + Math.SQRT2), 7);
  });

  it('risk_parity on uncorrelated assets equals inverse volatility', () => {
    const result = riskParityWeights([[0.01, 0, 0], [0, 0.04, 0], [0, 0, 0.16]]);
    // 1/σ = 10, 5, 2.5 over a total of 17.5.
    expect(result.weights[0]).toBeCloseTo(10 / 17.5, 7);
    expect(result.weights[1]).toBeCloseTo(5 / 17.5, 7);
    expect(result.weights[2]).toBeCloseTo(2.5 / 17.5, 7);
  });

  it('risk budgeting: uncorrelated assets get weights proportional to √budget / σ', () => {
    const result = riskParityWeights([[0.01, 0, 0], [0, 0.04, 0], [0, 0, 0.16]], { tolerance: 1e-10, maxIterations: 100 }, [0.5, 0.25, 0.25]);
    const raw = [Math.sqrt(0.5) / 0.1, 0.5 / 0.2, 0.5 / 0.4];
    const total = raw[0]! + raw[1]! + raw[2]!;
    raw.forEach((value, i) => expect(result.weights[i]).toBeCloseTo(value / total, 8));
    expect(() => riskParityWeights([[0.01]], undefined, [0.5])).toThrow('must be positive and sum to 1');
  });

  it('risk_parity reports when it hit the iteration cap before the tolerance', () => {
    const result = riskParityWeights([[0.04, 0.03, 0], [0.03, 0.09, 0.02], [0, 0.02, 0.01]], { tolerance: 1e-15, maxIterations: 1 });
    expect(result).toMatchObject({ converged: false, iterations: 1 });
    expect(result.maxContributionError).toBeGreaterThan(1e-15);
  });

  it('property: risk parity contributions are equal within tolerance for any positive definite covariance', () => {
    const assets = fc.integer({ min: 2, max: 6 });
    fc.assert(fc.property(
      assets.chain((n) => fc.tuple(
        fc.array(fc.double({ min: 0.001, max: 0.05, noNaN: true }), { minLength: n, maxLength: n }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      )),
      ([volatilities, loadings]) => {
        const n = volatilities.length;
        // Correlation from a random factor matrix F: C = D^-1/2 (F Fᵀ + I) D^-1/2, always positive definite.
        const raw = volatilities.map((_, i) => volatilities.map((__, j) =>
          loadings.slice(i * n, i * n + n).reduce((total, f, k) => total + f * loadings[j * n + k]!, 0) + (i === j ? 1 : 0)));
        const covariance = raw.map((row, i) => row.map((value, j) => (value / Math.sqrt(raw[i]![i]! * raw[j]![j]!)) * volatilities[i]! * volatilities[j]!));
        const result = riskParityWeights(covariance, { tolerance: 1e-9, maxIterations: 10_000 });
        expect(result.converged).toBe(true);
        expect(result.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(result.weights.every((w) => w > 0)).toBe(true);
        for (const share of riskContributionShares(result.weights, covariance)) expect(Math.abs(share - 1 / n)).toBeLessThanOrEqual(1e-9);
      },
    ), { numRuns: 200, seed: 4 });
  });

  it('target_weights passes signed weights through and gives unlisted instruments zero', () => {
    const { weights } = computeTargetWeights('target_weights', { instruments: ['EUR_USD', 'USD_JPY', 'GBP_USD'], targetWeights: { EUR_USD: 0.5, USD_JPY: -0.3 } });
    expect(weights).toEqual({ EUR_USD: 0.5, USD_JPY: -0.3, GBP_USD: 0 });
  });

  it('validation errors name the instrument at fault', () => {
    expect(() => validateTargetWeights({ EUR_USD: 0.6, USD_JPY: -0.5 })).toThrow('target weights sum to 1.1 in absolute value, above 1 (largest is EUR_USD at 0.6)');
    expect(() => validateTargetWeights({ EUR_USD: Number.NaN })).toThrow('target weight of EUR_USD is not a finite number');
    expect(() => computeTargetWeights('target_weights', { instruments: ['EUR_USD'], targetWeights: { XAU_USD: 0.1 } })).toThrow('outside the portfolio: XAU_USD');
    expect(() => computeTargetWeights('inverse_volatility', { instruments: ['EUR_USD', 'AUD_USD'], returns })).toThrow('inverse_volatility needs a return history for AUD_USD');
    expect(() => computeTargetWeights('risk_parity', { instruments: ['EUR_USD', 'USD_CAD'], returns: { ...returns, USD_CAD: series(0.01, 0.01, 0.01) } }))
      .toThrow('risk_parity needs a positive volatility for USD_CAD, got 0');
    expect(() => computeTargetWeights('equal_weight', { instruments: ['EUR_USD', 'EUR_USD'] })).toThrow('duplicated instrument');
  });
});
