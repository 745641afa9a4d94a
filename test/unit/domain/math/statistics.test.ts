import { covarianceMatrix, mean, normalPdf, normalQuantile, quantile, sampleCovariance, sampleStdDev, sampleVariance } from '../../../../domain/math/statistics';

describe('statistics', () => {
  const values = [2, 4, 4, 4, 5, 5, 7, 9];

  it('computes mean, sample variance and standard deviation (hand-checked)', () => {
    expect(mean(values)).toBe(5);
    expect(sampleVariance(values)).toBeCloseTo(32 / 7, 12);
    expect(sampleStdDev(values)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('computes covariance and a symmetric covariance matrix', () => {
    const a = [1, 2, 3, 4];
    const b = [2, 4, 6, 8.5];
    expect(sampleCovariance(a, b)).toBeCloseTo(((-1.5) * (-3.125) + (-0.5) * (-1.125) + 0.5 * 0.875 + 1.5 * 3.375) / 3, 12);
    const matrix = covarianceMatrix([a, b]);
    expect(matrix[0]![1]).toBe(matrix[1]![0]);
    expect(matrix[0]![0]).toBeCloseTo(sampleVariance(a), 12);
  });

  it('interpolates quantiles like numpy (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 5], 0)).toBe(1);
    expect(quantile([10, 1, 5], 1)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
  });

  it('inverts the normal CDF at textbook points', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalPdf(0)).toBeCloseTo(0.3989422804014327, 12);
  });

  it('rejects empty or malformed input with a reason', () => {
    expect(() => mean([])).toThrow('empty');
    expect(() => quantile([1], 2)).toThrow('outside');
    expect(() => sampleCovariance([1, 2], [1])).toThrow('different lengths');
  });
});
