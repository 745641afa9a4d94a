/**
 * Equal risk contribution (risk parity) weights, long-only. Solves Spinu's convex formulation
 * min ½ yᵀΣy - Σ bᵢ ln yᵢ by cyclical coordinate descent (Griveau-Billion, Richard and Roncalli, 2013), whose
 * one-dimensional steps have a closed form; the weights are y normalised to sum to 1.
 */
import { multiplyMatrixVector, quadraticForm, type Matrix } from '../math/linear-algebra';

export interface RiskParityOptions {
  /** Largest allowed |risk contribution share - budget| for any asset. */
  tolerance: number;
  maxIterations: number;
}

export const DEFAULT_RISK_PARITY_OPTIONS: Readonly<RiskParityOptions> = Object.freeze({ tolerance: 1e-8, maxIterations: 1000 });

export interface RiskParityResult {
  weights: number[];
  converged: boolean;
  iterations: number;
  /** max |risk contribution share - budget| at the returned weights. */
  maxContributionError: number;
}

/** Each asset's share of portfolio variance: wᵢ(Σw)ᵢ / wᵀΣw; the shares sum to 1. */
export function riskContributionShares(weights: ArrayLike<number>, covariance: Matrix): number[] {
  const marginal = multiplyMatrixVector(covariance, weights);
  const variance = quadraticForm(covariance, weights);
  if (!(variance > 0)) throw new RangeError(`portfolio variance must be positive to split it into contributions, got ${variance}`);
  return marginal.map((value, i) => (weights[i]! * value) / variance);
}

function maxError(shares: readonly number[], budgets: readonly number[]): number {
  return shares.reduce((worst, share, i) => Math.max(worst, Math.abs(share - budgets[i]!)), 0);
}

/** Risk parity weights for `covariance`; `budgets` (default equal) are the target variance shares and must sum to 1. */
export function riskParityWeights(
  covariance: Matrix,
  options: RiskParityOptions = DEFAULT_RISK_PARITY_OPTIONS,
  budgets: readonly number[] = covariance.map(() => 1 / covariance.length),
): RiskParityResult {
  const n = covariance.length;
  if (n === 0) throw new RangeError('risk parity needs at least one asset');
  if (budgets.length !== n) throw new RangeError(`risk parity got ${budgets.length} budgets for ${n} assets`);
  if (budgets.some((budget) => !(budget > 0)) || Math.abs(budgets.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new RangeError(`risk budgets must be positive and sum to 1, got ${budgets.join(', ')}`);
  }
  covariance.forEach((row, i) => {
    if (!(row[i]! > 0)) throw new RangeError(`risk parity needs a positive variance for every asset; asset ${i} has ${row[i]}`);
  });
  const y = covariance.map((row, i) => 1 / Math.sqrt(row[i]!));
  const normalise = (): number[] => {
    const total = y.reduce((a, b) => a + b, 0);
    return y.map((value) => value / total);
  };
  let weights = normalise();
  let error = maxError(riskContributionShares(weights, covariance), budgets);
  let iterations = 0;
  while (error > options.tolerance && iterations < options.maxIterations) {
    for (let i = 0; i < n; i++) {
      const row = covariance[i]!;
      let others = 0;
      for (let j = 0; j < n; j++) if (j !== i) others += row[j]! * y[j]!;
      y[i] = (-others + Math.sqrt(others * others + 4 * row[i]! * budgets[i]!)) / (2 * row[i]!);
    }
    iterations++;
    weights = normalise();
    error = maxError(riskContributionShares(weights, covariance), budgets);
  }
  return { weights, converged: error <= options.tolerance, iterations, maxContributionError: error };
}
