import { normalCdf, normalQuantile, type Numbers } from '../math/statistics';
import { returnMoments } from './sample-moments';

/**
 * Deflated Sharpe ratio (Bailey & López de Prado, 2014). Every Sharpe ratio here is per observation period (not
 * annualized), the unit the formulas are written in: annualized figures must be divided by sqrt(periods per year).
 */

const EULER_MASCHERONI = 0.5772156649015329;

/**
 * Expected maximum Sharpe ratio among `trials` independent strategies with true Sharpe 0 whose estimated Sharpe
 * ratios have variance `trialSharpeVariance`: the bar a selected winner must clear to show any skill at all. An
 * effective number of trials need not be an integer; just above 1 the approximation would turn negative, and the
 * maximum of a single trial is expected at 0.
 */
export function expectedMaxSharpe(trials: number, trialSharpeVariance: number): number {
  if (!(trials >= 1 && Number.isFinite(trials))) throw new RangeError(`trials must be a finite number of at least 1, got ${trials}`);
  if (!(trialSharpeVariance >= 0)) throw new RangeError(`trial Sharpe variance must be non-negative, got ${trialSharpeVariance}`);
  if (trials === 1) return 0;
  const standardMax = (1 - EULER_MASCHERONI) * normalQuantile(1 - 1 / trials) + EULER_MASCHERONI * normalQuantile(1 - 1 / (trials * Math.E));
  return Math.sqrt(trialSharpeVariance) * Math.max(0, standardMax);
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

/** How a winner was selected: the deflation needs how many trials it beat and how widely their Sharpe ratios spread. */
export interface TrialCount {
  /** Trials the winner was selected from. */
  trials: number;
  /** Variance of the trials' per-period Sharpe ratios. */
  trialSharpeVariance: number;
  /**
   * The trials counted as independent ones (see effectiveTrials): near-duplicates count once. Absent in selections
   * recorded before it was counted, which deflate for every trial.
   */
  effectiveTrials?: number;
}

export interface DeflatedSharpe extends SharpeEstimate, TrialCount {
  expectedMaxSharpe: number;
  /** Probability that the selected strategy's true Sharpe ratio is positive after correcting for the selection. */
  probability: number;
  /** The same probability before the correction (the probabilistic Sharpe ratio at 0), for the record. */
  undeflatedProbability: number;
}

export function deflatedSharpeRatio(estimate: SharpeEstimate, selection: TrialCount): DeflatedSharpe {
  const threshold = expectedMaxSharpe(selection.effectiveTrials ?? selection.trials, selection.trialSharpeVariance);
  const { trials, trialSharpeVariance, effectiveTrials } = selection;
  return {
    ...estimate, trials, trialSharpeVariance, ...(effectiveTrials !== undefined && { effectiveTrials }), expectedMaxSharpe: threshold,
    probability: probabilisticSharpeRatio(estimate, threshold), undeflatedProbability: probabilisticSharpeRatio(estimate, 0),
  };
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
