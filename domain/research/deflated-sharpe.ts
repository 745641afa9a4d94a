import { normalQuantile, type Numbers } from '../math/statistics';
import { normalCdf } from '../math/statistics';
import { returnMoments } from './sample-moments';

/**
 * Deflated Sharpe ratio (Bailey & López de Prado, 2014). Every Sharpe ratio here is per observation period (not
 * annualized), the unit the formulas are written in: annualized figures must be divided by sqrt(periods per year).
 */

const EULER_MASCHERONI = 0.5772156649015329;

/**
 * Expected maximum Sharpe ratio among `trials` independent strategies with true Sharpe 0 whose estimated Sharpe
 * ratios have variance `trialSharpeVariance`: the bar a selected winner must clear to show any skill at all.
 */
export function expectedMaxSharpe(trials: number, trialSharpeVariance: number): number {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be a positive integer, got ${trials}`);
  if (!(trialSharpeVariance >= 0)) throw new RangeError(`trial Sharpe variance must be non-negative, got ${trialSharpeVariance}`);
  if (trials === 1) return 0;
  return Math.sqrt(trialSharpeVariance) * ((1 - EULER_MASCHERONI) * normalQuantile(1 - 1 / trials) + EULER_MASCHERONI * normalQuantile(1 - 1 / (trials * Math.E)));
}

export interface SharpeEstimate {
  sharpe: number;
  observations: number;
  skewness: number;
  /** Not excess: 3 for normal returns. */
  kurtosis: number;
}

/** Probability that the true Sharpe ratio exceeds `benchmarkSharpe`, given the estimate's sample length and shape. */
export function probabilisticSharpeRatio(estimate: SharpeEstimate, benchmarkSharpe: number): number {
  const { sharpe, observations, skewness, kurtosis } = estimate;
  if (observations < 2) throw new RangeError(`a Sharpe ratio's probability needs at least two observations, got ${observations}`);
  // Non-negative for any distribution (kurtosis >= skewness² + 1); the floor only guards a two-point degenerate case.
  const variance = Math.max(1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe, Number.EPSILON);
  return normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(observations - 1)) / Math.sqrt(variance));
}

export interface DeflatedSharpe extends SharpeEstimate {
  trials: number;
  trialSharpeVariance: number;
  expectedMaxSharpe: number;
  /** Probability that the selected strategy's true Sharpe ratio is positive after correcting for the selection. */
  probability: number;
}

export function deflatedSharpeRatio(estimate: SharpeEstimate, selection: { trials: number; trialSharpeVariance: number }): DeflatedSharpe {
  const threshold = expectedMaxSharpe(selection.trials, selection.trialSharpeVariance);
  return { ...estimate, ...selection, expectedMaxSharpe: threshold, probability: probabilisticSharpeRatio(estimate, threshold) };
}

/** The estimate from a return series: per-period Sharpe (sample standard deviation), skewness and kurtosis. */
export function sharpeEstimate(returns: Numbers): SharpeEstimate {
  const moments = returnMoments(returns);
  return {
    sharpe: moments.standardDeviation > 0 ? moments.mean / moments.standardDeviation : 0,
    observations: moments.observations,
    skewness: moments.skewness,
    kurtosis: moments.kurtosis,
  };
}
