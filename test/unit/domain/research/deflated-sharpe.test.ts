import { deflatedSharpeRatio, expectedMaxSharpe, probabilisticSharpeRatio, sharpeEstimate } from '../../../../domain/research/deflated-sharpe';
import { normalCdf } from '../../../../domain/math/statistics';
import { returnMoments } from '../../../../domain/research/sample-moments';

describe('normal CDF', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 6);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895, 6);
    expect(normalCdf(2.326347874)).toBeCloseTo(0.99, 6);
    expect(normalCdf(-6)).toBeCloseTo(9.8659e-10, 9);
  });
});

describe('return moments', () => {
  it('computes skewness and (non-excess) kurtosis by hand', () => {
    // Deviations from the mean 2.5: -1.5, -0.5, 0.5, 1.5 → population variance 1.25, third moment 0,
    // fourth moment (5.0625 + 0.0625) × 2 / 4 = 2.5625 → kurtosis 2.5625 / 1.5625 = 1.64.
    expect(returnMoments([1, 2, 3, 4])).toEqual({ observations: 4, mean: 2.5, standardDeviation: Math.sqrt(5 / 3), skewness: 0, kurtosis: expect.closeTo(1.64, 12) });
    // 0, 0, 3: mean 1, deviations -1, -1, 2 → m2 = 2, m3 = 2, m4 = 6 → skewness 2 / 2^1.5, kurtosis 6 / 4.
    const skewed = returnMoments([0, 0, 3]);
    expect(skewed.skewness).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(skewed.kurtosis).toBeCloseTo(1.5, 12);
  });
});

describe('deflated Sharpe ratio (Bailey & López de Prado 2014)', () => {
  // The paper's numerical example: 5 years of daily returns (T = 1250), annualized Sharpe 2.5, 100 trials whose
  // annualized Sharpe ratios have variance 0.5, returns with skewness -3 and kurtosis 10. Per-day figures divide
  // the Sharpe by sqrt(250) and its variance by 250.
  const periodsPerYear = 250;
  const estimate = { sharpe: 2.5 / Math.sqrt(periodsPerYear), observations: 1250, skewness: -3, kurtosis: 10 };
  const selection = { trials: 100, trialSharpeVariance: 0.5 / periodsPerYear };

  it('puts the expected maximum Sharpe of 100 unskilled trials at 0.1132 per day', () => {
    // sqrt(0.002) × ((1 - γ) Φ⁻¹(0.99) + γ Φ⁻¹(1 - 1/(100 e))) = 0.0447214 × (0.422784 × 2.326348 + 0.577216 × 2.680210).
    expect(expectedMaxSharpe(100, 0.5 / periodsPerYear)).toBeCloseTo(0.11317, 5);
    expect(expectedMaxSharpe(1, 0.5)).toBe(0);
  });

  it('deflates the example to 0.9004, the figure in the paper', () => {
    // z = (0.158114 - 0.113172) × sqrt(1249) / sqrt(1 + 3 × 0.158114 + 9/4 × 0.025) = 1.58830 / 1.23718 = 1.28382.
    const result = deflatedSharpeRatio(estimate, selection);
    expect(result.expectedMaxSharpe).toBeCloseTo(0.11317, 5);
    expect(result.probability).toBeCloseTo(0.9004, 4);
  });

  it('reduces to the normal-returns formula when skewness is 0 and kurtosis 3', () => {
    const normal = { sharpe: 0.1, observations: 401, skewness: 0, kurtosis: 3 };
    // (0.1 - 0) × 20 / sqrt(1 + 0.01 / 2) = 1.995 → Φ = 0.97698.
    expect(probabilisticSharpeRatio(normal, 0)).toBeCloseTo(normalCdf(2 / Math.sqrt(1.005)), 10);
    expect(probabilisticSharpeRatio(normal, 0)).toBeCloseTo(0.97698, 4);
  });

  it('falls as the number of trials grows and is lower for fat left tails', () => {
    const more = deflatedSharpeRatio(estimate, { ...selection, trials: 1000 }).probability;
    expect(more).toBeLessThan(deflatedSharpeRatio(estimate, selection).probability);
    expect(deflatedSharpeRatio({ ...estimate, skewness: 0, kurtosis: 3 }, selection).probability).toBeGreaterThan(deflatedSharpeRatio(estimate, selection).probability);
  });

  it('estimates the per-period Sharpe, skewness and kurtosis from returns', () => {
    const estimateFromReturns = sharpeEstimate([0.01, -0.01, 0.02, 0.0]);
    // mean 0.005; squared deviations 0.000025 × (1 + 9 + 9 + 1) = 0.0005, / 3 → sd 0.0129099 → Sharpe 0.387298.
    expect(estimateFromReturns.sharpe).toBeCloseTo(0.387298, 5);
    expect(estimateFromReturns.observations).toBe(4);
  });

  it('takes an effective number of trials that is not a whole number, never expecting a negative maximum', () => {
    expect(expectedMaxSharpe(2.5, 1)).toBeGreaterThan(expectedMaxSharpe(2, 1));
    expect(expectedMaxSharpe(2.5, 1)).toBeLessThan(expectedMaxSharpe(3, 1));
    // Just above one trial the approximation turns negative: the maximum of about one trial is expected at 0.
    expect(expectedMaxSharpe(1.1, 1)).toBe(0);
  });

  it('counts constant returns as flat: a Sharpe ratio of 0, not one of 1e15 from a rounding-sized variance', () => {
    const constant = Array.from({ length: 250 }, () => 0.001);
    // The mean of 250 copies of 0.001 is not exactly 0.001, so the deviations are not exactly 0.
    expect(returnMoments(constant).standardDeviation).toBe(0);
    expect(sharpeEstimate(constant)).toEqual({ sharpe: 0, observations: 250, skewness: 0, kurtosis: 3 });
    expect(sharpeEstimate([0, 0, 0])).toEqual({ sharpe: 0, observations: 3, skewness: 0, kurtosis: 3 });
    // A real, if tiny, spread is still a spread.
    expect(sharpeEstimate([1e-12, -1e-12, 3e-12]).sharpe).toBeCloseTo(0.5, 12);
  });

  it('rejects inputs that have no meaning', () => {
    expect(() => expectedMaxSharpe(0, 1)).toThrow('trials must be a finite number of at least 1, got 0');
    expect(() => probabilisticSharpeRatio({ ...estimate, observations: 1 }, 0)).toThrow('at least two observations');
  });
});
