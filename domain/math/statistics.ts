/** Descriptive statistics over plain arrays or Float64Array. Sample (n - 1) estimators unless the name says otherwise. */

export type Numbers = ArrayLike<number>;

export function sum(values: Numbers): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

export function mean(values: Numbers): number {
  if (values.length === 0) throw new RangeError('mean of an empty series');
  return sum(values) / values.length;
}

export function sampleVariance(values: Numbers): number {
  if (values.length < 2) throw new RangeError('sample variance needs at least two values');
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - m) ** 2;
  return squares / (values.length - 1);
}

export function sampleStdDev(values: Numbers): number {
  return Math.sqrt(sampleVariance(values));
}

/** Sample covariance of two equally long series. */
export function sampleCovariance(a: Numbers, b: Numbers): number {
  if (a.length !== b.length) throw new RangeError(`covariance of series of different lengths (${a.length} and ${b.length})`);
  if (a.length < 2) throw new RangeError('sample covariance needs at least two values');
  const meanA = mean(a);
  const meanB = mean(b);
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i]! - meanA) * (b[i]! - meanB);
  return total / (a.length - 1);
}

/** Pearson correlation of two equally long series; 0 when either does not vary (nothing moves together with a constant). */
export function sampleCorrelation(a: Numbers, b: Numbers): number {
  const deviations = Math.sqrt(sampleVariance(a) * sampleVariance(b));
  return deviations === 0 ? 0 : sampleCovariance(a, b) / deviations;
}

/** Sample covariance matrix of several equally long series (one series per asset). */
export function covarianceMatrix(series: readonly Numbers[]): number[][] {
  return series.map((a, i) => series.map((b, j) => (j < i ? Number.NaN : sampleCovariance(a, b))))
    .map((row, i, rows) => row.map((value, j) => (j < i ? rows[j]![i]! : value)));
}

/** Quantile by linear interpolation between order statistics (Hyndman-Fan type 7, as numpy and Excel use). */
export function quantile(values: Numbers, probability: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty series');
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`quantile probability ${probability} outside [0, 1]`);
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * probability;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`normal quantile needs 0 < p < 1, got ${probability}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (probability < low || probability > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(probability < low ? probability : 1 - probability));
    const value = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return probability < low ? value : -value;
  }
  const q = probability - 0.5;
  const r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7 everywhere). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
