import { mean, sampleStdDev } from '../math/statistics';
import { deflatedSharpeRatio, sharpeEstimate, type DeflatedSharpe } from './deflated-sharpe';
import { normalCdf } from '../math/statistics';
import type { Selection } from './overfitting-guard';

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
}

export interface PromotionStatistics {
  periods: number;
  improvement: number;
  /** Mean of the per-period differences of unit-volatility returns: the per-period Sharpe difference. */
  meanScaledReturnDifference: number;
  /** t statistic of those differences (challenger - incumbent). */
  pairedTStatistic: number;
  /** One-sided confidence that the challenger's risk-adjusted return is higher (normal approximation of t). */
  pairedConfidence: number;
  deflatedSharpe?: DeflatedSharpe;
}

export interface PromotionDecision {
  promote: boolean;
  /** One line per check, passed or failed, in the order they were made. */
  reasons: string[];
  statistics: PromotionStatistics;
}

const DEFAULT_MIN_PERIODS = 20;
const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

/** Returns divided by their own standard deviation (a flat record stays 0). */
function unitVolatility(returns: readonly number[]): number[] {
  const sd = returns.length < 2 ? 0 : sampleStdDev(returns);
  return returns.map((value) => (sd > 0 ? value / sd : 0));
}

/**
 * Paired test on the period-by-period differences of risk-scaled returns: each side is scaled to unit volatility
 * first, so the mean difference is the difference of per-period Sharpe ratios and a side is not favoured for
 * simply taking more risk (position sizes differ between parameter sets).
 */
function pairedTest(challenger: readonly number[], incumbent: readonly number[]): { meanDifference: number; t: number; confidence: number } {
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
 * The one gate every promotion passes, from the optimizer's autoDeploy and from the evolution cycle. A challenger
 * is promoted only when it is better by the margin, the improvement is credible (paired test on aligned, risk-scaled periods;
 * deflated Sharpe when it won a search), it traded enough, and it stays inside the risk limits. With no incumbent
 * (nothing active yet) it is compared with staying flat.
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

  const paired = aligned ? pairedTest(challenger.periodReturns, incumbent.periodReturns) : { meanDifference: 0, t: 0, confidence: 0 };
  check(paired.confidence >= config.minConfidence,
    `paired test confidence ${paired.confidence.toFixed(3)} (t = ${paired.t.toFixed(2)}) reaches ${config.minConfidence}`,
    `paired test confidence ${paired.confidence.toFixed(3)} (t = ${paired.t.toFixed(2)}) below ${config.minConfidence}: the improvement could be noise`);

  let deflated: DeflatedSharpe | undefined;
  if (challenger.selection && challenger.selection.trials > 1 && periods >= 2) {
    deflated = deflatedSharpeRatio(sharpeEstimate(challenger.periodReturns), challenger.selection);
    check(deflated.probability >= config.minConfidence,
      `deflated Sharpe probability ${deflated.probability.toFixed(3)} over ${deflated.trials} trials reaches ${config.minConfidence}`,
      `deflated Sharpe probability ${deflated.probability.toFixed(3)} over ${deflated.trials} trials below ${config.minConfidence}: the winner is likely the luckiest of many`);
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
      ...(deflated && { deflatedSharpe: deflated }),
    },
  };
}
