import { mean, type Numbers } from '../math/statistics';

export interface ReturnMoments {
  observations: number;
  mean: number;
  /** Sample (n - 1) standard deviation. */
  standardDeviation: number;
  /** Third standardized moment (population form, as Bailey & López de Prado use it); 0 for a normal. */
  skewness: number;
  /** Fourth standardized moment, not excess: 3 for a normal. */
  kurtosis: number;
}

/** Mean, spread and shape of a return series in one pass over the deviations. */
export function returnMoments(values: Numbers): ReturnMoments {
  const n = values.length;
  if (n < 2) throw new RangeError(`return moments need at least two observations, got ${n}`);
  const m = mean(values);
  let squares = 0;
  let cubes = 0;
  let fourths = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    const d2 = d * d;
    squares += d2;
    cubes += d2 * d;
    fourths += d2 * d2;
  }
  const populationVariance = squares / n;
  // A constant series has no shape: report the normal's so downstream formulas stay finite.
  const flat = populationVariance === 0;
  return {
    observations: n,
    mean: m,
    standardDeviation: Math.sqrt(squares / (n - 1)),
    skewness: flat ? 0 : cubes / n / populationVariance ** 1.5,
    kurtosis: flat ? 3 : fourths / n / populationVariance ** 2,
  };
}
