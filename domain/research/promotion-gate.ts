import { mean, normalCdf, sampleStdDev, sampleVariance } from '../math/statistics';
import { deflatedSharpeRatio, sharpeEstimate, type DeflatedSharpe } from './deflated-sharpe';
import type { Selection } from './overfitting-guard';
import { returnSpread } from './sample-moments';
import { studentTCdf } from './student-t';

/** What the gate knows about a version: its out-of-sample record on the same windows as the other side. */
export interface GateEvidence {
  /** Out-of-sample objective value (the same objective for both sides); a TrialEvaluation is GateEvidence as is. */
  score: number;
  /** Out-of-sample returns per period, aligned period by period with the other side's. */
  periodReturns: readonly number[];
  trades: number;
  /** Out-of-sample maximum drawdown, a fraction. */
  maxDrawdown: number;
  /** Present when the version was selected from many trials: its Sharpe is then deflated for the selection. */
  selection?: Selection;
  /** Probability of backtest overfitting of the search the version won, when one was computed. */
  backtestOverfitting?: number;
}

export interface RiskLimits {
  maxDrawdown: number;
  /** Largest loss in any single period, a fraction (e.g. 0.03 for 3% in a day). */
  maxPeriodLoss?: number;
}

export interface PromotionConfig {
  /** Objective improvement over the incumbent required, in the objective's units. */
  minImprovement: number;
  /** Confidence (0..1) required of the paired test and, for a selected winner, of its deflated Sharpe ratio. */
  minConfidence: number;
  minTrades: number;
  /** Fewest aligned periods for the statistics to mean anything. Default 20. */
  minPeriods?: number;
  riskLimits: RiskLimits;
  /** Highest probability of backtest overfitting accepted, when the challenger's evidence carries one. Default 0.5. */
  maxBacktestOverfitting?: number;
  /** Default 'student-t'; see PairedTest. */
  pairedTest?: PairedTest;
}

/**
 * How the paired test turns its statistic into a confidence. 'student-t': the Sharpe-ratio difference over its
 * standard error, including the error of estimating each side's volatility, against Student's t. 'legacy-normal':
 * the mean scaled difference over its plain standard error, against the normal distribution, which over 40 periods
 * confirms noise about 11% of the time where 10% is asked; kept only so that replayed workflows decide as they did.
 */
export type PairedTest = 'student-t' | 'legacy-normal';

export const DEFAULT_MAX_BACKTEST_OVERFITTING = 0.5;

export interface PromotionStatistics {
  periods: number;
  improvement: number;
  /** Mean of the per-period differences of unit-volatility returns: the per-period Sharpe difference. */
  meanScaledReturnDifference: number;
  /** t statistic of those differences (challenger - incumbent). */
  pairedTStatistic: number;
  /** One-sided confidence that the challenger's risk-adjusted return is higher. */
  pairedConfidence: number;
  /** Degrees of freedom of the Student's t the confidence comes from (absent: the legacy normal approximation). */
  pairedDegreesOfFreedom?: number;
  /** The selected winner's Sharpe ratio on the periods it was ranked on, before and after deflating for the selection. */
  deflatedSharpe?: DeflatedSharpe;
  backtestOverfitting?: number;
}

export interface PromotionDecision {
  promote: boolean;
  /** One line per check, passed or failed, in the order they were made. */
  reasons: string[];
  statistics: PromotionStatistics;
}

const DEFAULT_MIN_PERIODS = 20;
const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

interface PairedResult {
  meanDifference: number;
  t: number;
  confidence: number;
  degreesOfFreedom?: number;
}

/**
 * Both paired tests work on the period-by-period differences of risk-scaled returns: each side is scaled to unit
 * volatility first, so the mean difference is the difference of per-period Sharpe ratios and a side is not favoured
 * for simply taking more risk (position sizes differ between parameter sets). A flat record stays 0.
 */
function unitVolatility(returns: readonly number[]): number[] {
  const sd = returnSpread(returns);
  return returns.map((value) => (sd > 0 ? value / sd : 0));
}

function legacyNormalTest(challenger: readonly number[], incumbent: readonly number[]): PairedResult {
  const scaledIncumbent = unitVolatility(incumbent);
  const differences = unitVolatility(challenger).map((value, i) => value - scaledIncumbent[i]!);
  if (differences.length < 2) return { meanDifference: differences[0] ?? 0, t: 0, confidence: 0.5 };
  const meanDifference = mean(differences);
  const sd = sampleStdDev(differences);
  if (sd === 0) return { meanDifference, t: 0, confidence: meanDifference > 0 ? 1 : meanDifference < 0 ? 0 : 0.5 };
  const t = meanDifference / (sd / Math.sqrt(differences.length));
  return { meanDifference, t, confidence: normalCdf(t) };
}

/**
 * The same difference of per-period Sharpe ratios with its full standard error (Jobson & Korkie, as corrected by
 * Memmel 2003): the variance of the scaled differences, 2 - 2ρ, plus ½(SR₁² + SR₂² - 2·SR₁·SR₂·ρ²) for having
 * estimated each side's volatility from the same few periods; over T - 1 (as in the probabilistic Sharpe ratio)
 * against Student's t with T - 1 degrees of freedom. Simulated on paired normal returns with equal Sharpe ratios, it
 * confirms at most the share of noise asked for from 6 periods up.
 */
function sharpeDifferenceTest(challenger: readonly number[], incumbent: readonly number[]): PairedResult {
  const periods = challenger.length;
  if (periods < 2) return { meanDifference: 0, t: 0, confidence: 0.5 };
  const scaledChallenger = unitVolatility(challenger);
  const scaledIncumbent = unitVolatility(incumbent);
  const differences = scaledChallenger.map((value, i) => value - scaledIncumbent[i]!);
  const meanDifference = mean(differences);
  const challengerSharpe = mean(scaledChallenger);
  const incumbentSharpe = mean(scaledIncumbent);
  const differenceVariance = sampleVariance(differences);
  // Two records of unit variance differ with variance 2 - 2ρ; a flat side is uncorrelated with anything.
  const bothVary = scaledChallenger.some((value) => value !== 0) && scaledIncumbent.some((value) => value !== 0);
  const correlation = bothVary ? 1 - differenceVariance / 2 : 0;
  const variance = differenceVariance + 0.5 * (challengerSharpe ** 2 + incumbentSharpe ** 2 - 2 * challengerSharpe * incumbentSharpe * correlation ** 2);
  const degreesOfFreedom = periods - 1;
  if (!(variance > 0)) return { meanDifference, t: 0, confidence: 0.5, degreesOfFreedom };
  const t = (meanDifference * Math.sqrt(degreesOfFreedom)) / Math.sqrt(variance);
  return { meanDifference, t, confidence: studentTCdf(t, degreesOfFreedom), degreesOfFreedom };
}

/**
 * The one gate every promotion passes, from the optimizer's autoDeploy and from the evolution cycle. A challenger
 * is promoted only when it is better by the margin, the improvement is credible (paired test on aligned, risk-scaled
 * periods; when it won a selection, a deflated Sharpe on the periods it was chosen on and, for a search, a
 * probability of backtest overfitting under the ceiling), it traded enough, and it stays inside the risk limits.
 * With no incumbent (nothing active yet) it is compared with staying flat. docs/promotion-gate.md says what this
 * guarantees.
 */
export function promotionDecision(input: { incumbent: GateEvidence | null; challenger: GateEvidence; config: PromotionConfig }): PromotionDecision {
  const { challenger, config } = input;
  const incumbent = input.incumbent ?? { score: 0, periodReturns: challenger.periodReturns.map(() => 0), trades: 0, maxDrawdown: 0 };
  const minPeriods = config.minPeriods ?? DEFAULT_MIN_PERIODS;
  const reasons: string[] = [];
  let promote = true;
  const check = (passed: boolean, pass: string, fail: string): void => {
    reasons.push(passed ? `pass: ${pass}` : `fail: ${fail}`);
    promote &&= passed;
  };

  const periods = challenger.periodReturns.length;
  const aligned = periods === incumbent.periodReturns.length;
  check(aligned && periods >= minPeriods,
    `${periods} aligned out-of-sample periods (minimum ${minPeriods})`,
    aligned ? `only ${periods} out-of-sample periods, fewer than the minimum of ${minPeriods}` : `the challenger has ${periods} periods and the incumbent ${incumbent.periodReturns.length}: not evaluated on the same windows`);

  check(challenger.trades >= config.minTrades, `${challenger.trades} trades (minimum ${config.minTrades})`, `${challenger.trades} trades, fewer than the minimum of ${config.minTrades}`);

  const { maxDrawdown, maxPeriodLoss } = config.riskLimits;
  check(challenger.maxDrawdown <= maxDrawdown, `drawdown ${percent(challenger.maxDrawdown)} within the limit of ${percent(maxDrawdown)}`, `drawdown ${percent(challenger.maxDrawdown)} breaches the limit of ${percent(maxDrawdown)}`);
  if (maxPeriodLoss !== undefined) {
    const worst = periods === 0 ? 0 : -Math.min(0, ...challenger.periodReturns);
    check(worst <= maxPeriodLoss, `worst period loss ${percent(worst)} within the limit of ${percent(maxPeriodLoss)}`, `worst period loss ${percent(worst)} breaches the limit of ${percent(maxPeriodLoss)}`);
  }

  const improvement = challenger.score - incumbent.score;
  check(improvement >= config.minImprovement,
    `objective ${challenger.score.toFixed(3)} beats ${incumbent.score.toFixed(3)} by ${improvement.toFixed(3)} (margin ${config.minImprovement})`,
    `objective ${challenger.score.toFixed(3)} vs ${incumbent.score.toFixed(3)}: improvement ${improvement.toFixed(3)} below the margin of ${config.minImprovement}`);

  const pairedTest = config.pairedTest === 'legacy-normal' ? legacyNormalTest : sharpeDifferenceTest;
  const paired: PairedResult = aligned ? pairedTest(challenger.periodReturns, incumbent.periodReturns) : { meanDifference: 0, t: 0, confidence: 0 };
  check(paired.confidence >= config.minConfidence,
    `paired test confidence ${paired.confidence.toFixed(3)} (t = ${paired.t.toFixed(2)}) reaches ${config.minConfidence}`,
    `paired test confidence ${paired.confidence.toFixed(3)} (t = ${paired.t.toFixed(2)}) below ${config.minConfidence}: the improvement could be noise`);

  const { selection } = challenger;
  const rankedOnObservations = selection?.rankedOn?.observations ?? periods;
  let deflated: DeflatedSharpe | undefined;
  if (selection && selection.trials > 1 && rankedOnObservations >= 2) {
    deflated = deflatedSharpeRatio(selection.rankedOn ?? sharpeEstimate(challenger.periodReturns), selection);
    const probability = `deflated Sharpe probability ${deflated.probability.toFixed(3)}`;
    const trials = deflated.effectiveTrials === undefined
      ? `over ${deflated.trials} trials`
      : `(${deflated.undeflatedProbability.toFixed(3)} before deflating for ${deflated.trials} trials, ${deflated.effectiveTrials.toFixed(1)} independent${selection.rankedOn ? ', on the periods it was chosen on' : ''})`;
    check(deflated.probability >= config.minConfidence,
      `${probability} ${trials} reaches ${config.minConfidence}`,
      `${probability} ${trials} below ${config.minConfidence}: the winner is likely the luckiest of many`);
  }

  const overfitting = challenger.backtestOverfitting;
  if (overfitting !== undefined) {
    const ceiling = config.maxBacktestOverfitting ?? DEFAULT_MAX_BACKTEST_OVERFITTING;
    check(overfitting <= ceiling,
      `probability of backtest overfitting ${overfitting.toFixed(3)} within the ceiling of ${ceiling}`,
      `probability of backtest overfitting ${overfitting.toFixed(3)} above the ceiling of ${ceiling}: the search's in-sample best tends to land in the bottom half out of sample`);
  }

  return {
    promote,
    reasons,
    statistics: {
      periods,
      improvement,
      meanScaledReturnDifference: paired.meanDifference,
      pairedTStatistic: paired.t,
      pairedConfidence: paired.confidence,
      ...(paired.degreesOfFreedom !== undefined && { pairedDegreesOfFreedom: paired.degreesOfFreedom }),
      ...(deflated && { deflatedSharpe: deflated }),
      ...(overfitting !== undefined && { backtestOverfitting: overfitting }),
    },
  };
}
