import { mean, sampleStdDev, type Numbers } from '../math/statistics';

export interface ReturnMoments {
  observations: number;
  mean: number;
  /** Sample (n - 1) standard deviation; 0 for a flat series. */
  standardDeviation: number;
  /** Third standardized moment (population form, as Bailey & López de Prado use it); 0 for a normal. */
  skewness: number;
  /** Fourth standardized moment, not excess: 3 for a normal. */
  kurtosis: number;
}

/**
 * Rounding leaves a constant series with deviations of about 1e-16 of its value (a variance near 1e-36 for returns of
 * 1e-3), and dividing by that spread would report a Sharpe ratio of 1e13 or more. A spread this small next to the
 * mean is taken as none: the series is flat.
 */
const FLAT_RELATIVE_SPREAD = 1e-9;

/** True when the sample standard deviation is zero or nothing but rounding next to the mean. */
export const isFlatSpread = (standardDeviation: number, mean: number): boolean => standardDeviation <= FLAT_RELATIVE_SPREAD * Math.abs(mean);

/** Sample standard deviation of returns; 0 when there are fewer than two or they are flat. */
export function returnSpread(values: Numbers): number {
  if (values.length < 2) return 0;
  const standardDeviation = sampleStdDev(values);
  return isFlatSpread(standardDeviation, mean(values)) ? 0 : standardDeviation;
}

/** Mean, spread and shape of a return series in one pass over the deviations; a flat series has a spread of 0. */
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
  const standardDeviation = Math.sqrt(squares / (n - 1));
  // A flat series has no shape: report the normal's so downstream formulas stay finite.
  const flat = isFlatSpread(standardDeviation, m);
  return {
    observations: n,
    mean: m,
    standardDeviation: flat ? 0 : standardDeviation,
    skewness: flat ? 0 : cubes / n / populationVariance ** 1.5,
    kurtosis: flat ? 3 : fourths / n / populationVariance ** 2,
  };
}
