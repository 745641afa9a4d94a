import { choleskyLower, multiplyMatrixVector, quadraticForm } from '../../../../domain/math/linear-algebra';

describe('linear algebra', () => {
  it('multiplies and forms quadratic forms (hand-checked)', () => {
    expect(multiplyMatrixVector([[2, 1], [1, 3]], [1, 2])).toEqual([4, 7]);
    expect(quadraticForm([[2, 1], [1, 3]], [1, 2])).toBe(18);
  });

  it('factors a positive definite matrix: [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]', () => {
    const lower = choleskyLower([[4, 2], [2, 3]]);
    expect(lower[0]).toEqual([2, 0]);
    expect(lower[1]![0]).toBe(1);
    expect(lower[1]![1]).toBeCloseTo(Math.SQRT2, 15);
  });

  it('factors a semi-definite matrix (perfectly correlated assets) with a zero column', () => {
    expect(choleskyLower([[1, 1], [1, 1]])).toEqual([[1, 0], [1, 0]]);
  });

  it('rejects matrices that are not covariances, saying why', () => {
    expect(() => choleskyLower([[1, 2], [2, 1]])).toThrow('not positive semi-definite');
    expect(() => choleskyLower([[1, 0.5], [0.2, 1]])).toThrow('not symmetric');
    expect(() => choleskyLower([[1, 0], [0]])).toThrow('row 1 has 1 entries');
  });
});
