/** Small dense linear algebra for covariance matrices (a handful of instruments, so plain arrays are enough). */

export type Matrix = readonly (readonly number[])[];

function assertSquare(matrix: Matrix, what: string): number {
  const n = matrix.length;
  matrix.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`${what}: row ${i} has ${row.length} entries, expected ${n}`);
  });
  return n;
}

/** Matrix times vector. */
export function multiplyMatrixVector(matrix: Matrix, vector: ArrayLike<number>): number[] {
  return matrix.map((row, i) => {
    if (row.length !== vector.length) throw new RangeError(`row ${i} has ${row.length} entries, vector has ${vector.length}`);
    let total = 0;
    for (let j = 0; j < row.length; j++) total += row[j]! * vector[j]!;
    return total;
  });
}

/** xᵀ A x. */
export function quadraticForm(matrix: Matrix, vector: ArrayLike<number>): number {
  const product = multiplyMatrixVector(matrix, vector);
  let total = 0;
  for (let i = 0; i < product.length; i++) total += vector[i]! * product[i]!;
  return total;
}

/**
 * Lower-triangular L with L Lᵀ = A for a symmetric positive semi-definite A. Covariances of perfectly correlated or
 * constant series are only semi-definite, so a pivot within rounding of zero yields a zero column instead of failing.
 */
export function choleskyLower(matrix: Matrix): number[][] {
  const n = assertSquare(matrix, 'cholesky');
  const scale = Math.max(0, ...matrix.map((row, i) => Math.abs(row[i]!)));
  const tolerance = 1e-12 * Math.max(scale, Number.MIN_VALUE);
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j]![j]!;
    for (let k = 0; k < j; k++) pivot -= lower[j]![k]! ** 2;
    if (pivot < -tolerance) throw new RangeError(`cholesky: matrix is not positive semi-definite (pivot ${pivot} at ${j})`);
    if (pivot <= tolerance) continue;
    const diagonal = Math.sqrt(pivot);
    lower[j]![j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      if (Math.abs(matrix[i]![j]! - matrix[j]![i]!) > tolerance) throw new RangeError(`cholesky: matrix is not symmetric at (${i}, ${j})`);
      let value = matrix[i]![j]!;
      for (let k = 0; k < j; k++) value -= lower[i]![k]! * lower[j]![k]!;
      lower[i]![j] = value / diagonal;
    }
  }
  return lower;
}
