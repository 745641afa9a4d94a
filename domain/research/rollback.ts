import { probabilisticSharpeRatio, type SharpeEstimate } from './deflated-sharpe';

export interface RollbackExpectation {
  /** The objective the promoted version showed in its sandbox test. */
  objective: number;
  maxDrawdown: number;
}

/** One record of how the promoted version has done since it went live. */
export interface RealizedPerformance {
  /** Where the figures come from, e.g. "fills" or "backtest since activation"; it prefixes the record's reasons. */
  source: string;
  objective: number;
  maxDrawdown: number;
  /** Periods behind the figures. */
  periods: number;
  /** Trades behind the figures: a record without trades says nothing about the version. */
  trades: number;
  /**
   * When the objective is the Sharpe ratio: the per-period estimate behind it and the periods a year it is
   * annualized by, so a shortfall can be told from noise.
   */
  sharpe?: { estimate: SharpeEstimate; periodsPerYear: number };
}

export interface RollbackTolerance {
  /** Shortfall of the realized objective under the expectation that is still accepted, in objective units. */
  objectiveShortfall: number;
  /** Realized drawdown accepted, as a multiple of the expected one (e.g. 1.5). */
  drawdownMultiple: number;
  /** Fewer realized periods than this are not evidence enough to roll back. */
  minPeriods: number;
  /** Fewer trades than this are not evidence enough either. Default 1. */
  minTrades?: number;
  /**
   * For Sharpe records: the confidence (0..1) required that the true Sharpe ratio is short of the tolerated level,
   * not just the estimate (over three days its standard error is about ten Sharpe points). Default 0: the tolerance
   * alone decides.
   */
  minConfidence?: number;
}

export interface RecordAssessment {
  source: string;
  /** False when the record is too short to judge. */
  judged: boolean;
  rollBack: boolean;
  /** expectation - realized, in objective units (positive: worse than expected). */
  shortfall: number;
  /** For Sharpe records: the confidence that the true Sharpe ratio is below the expectation less the tolerance. */
  confidence?: number;
}

export interface RollbackDecision {
  rollBack: boolean;
  records: RecordAssessment[];
  /** Per record, in order: "<source>: roll back: …", "<source>: ok: …" or "<source>: keep: …" (not judged). */
  reasons: string[];
}

const DEFAULT_MIN_TRADES = 1;
const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

/** Confidence that the true Sharpe ratio is below `annualizedLevel`: 1 - the probabilistic Sharpe ratio there. */
function confidenceBelow(sharpe: NonNullable<RealizedPerformance['sharpe']>, annualizedLevel: number): number | undefined {
  if (sharpe.estimate.observations < 2) return undefined;
  return 1 - probabilisticSharpeRatio(sharpe.estimate, annualizedLevel / Math.sqrt(sharpe.periodsPerYear));
}

function assess(expected: RollbackExpectation, realized: RealizedPerformance, tolerance: RollbackTolerance): { assessment: RecordAssessment; reasons: string[] } {
  const shortfall = expected.objective - realized.objective;
  const minTrades = tolerance.minTrades ?? DEFAULT_MIN_TRADES;
  const unjudged = (why: string) => ({ assessment: { source: realized.source, judged: false, rollBack: false, shortfall }, reasons: [`keep: ${why}`] });
  if (realized.trades < minTrades) return unjudged(`only ${realized.trades} trades, fewer than the ${minTrades} needed to judge`);
  if (realized.periods < tolerance.minPeriods) return unjudged(`only ${realized.periods} realized periods, fewer than the ${tolerance.minPeriods} needed to judge`);

  const confidence = realized.sharpe && confidenceBelow(realized.sharpe, expected.objective - tolerance.objectiveShortfall);
  const minConfidence = tolerance.minConfidence ?? 0;
  const beyondTolerance = shortfall > tolerance.objectiveShortfall;
  const credible = confidence === undefined || confidence >= minConfidence;
  const objectiveMissed = beyondTolerance && credible;
  const confidenceNote = confidence === undefined ? '' : ` (confidence ${confidence.toFixed(3)} that it is not noise)`;
  const drawdownLimit = expected.maxDrawdown * tolerance.drawdownMultiple;
  const drawdownBreached = realized.maxDrawdown > drawdownLimit;
  const reasons = [
    objectiveMissed
      ? `roll back: realized objective ${realized.objective.toFixed(3)} is ${shortfall.toFixed(3)} under the expected ${expected.objective.toFixed(3)}, beyond the tolerance of ${tolerance.objectiveShortfall}${confidenceNote}`
      : beyondTolerance
        ? `ok: realized objective ${realized.objective.toFixed(3)} is ${shortfall.toFixed(3)} under the expected ${expected.objective.toFixed(3)}, beyond the tolerance of ${tolerance.objectiveShortfall}, but with confidence ${confidence!.toFixed(3)} (under ${minConfidence}) that it is not noise`
        : `ok: realized objective ${realized.objective.toFixed(3)} vs expected ${expected.objective.toFixed(3)}, shortfall ${shortfall.toFixed(3)} within ${tolerance.objectiveShortfall}`,
    drawdownBreached
      ? `roll back: realized drawdown ${percent(realized.maxDrawdown)} exceeds ${tolerance.drawdownMultiple} × the expected ${percent(expected.maxDrawdown)}`
      : `ok: realized drawdown ${percent(realized.maxDrawdown)} within ${tolerance.drawdownMultiple} × the expected ${percent(expected.maxDrawdown)}`,
  ];
  return {
    assessment: { source: realized.source, judged: true, rollBack: objectiveMissed || drawdownBreached, shortfall, ...(confidence !== undefined && { confidence }) },
    reasons,
  };
}

/**
 * Did the version promoted last cycle fall short of what its sandbox test promised, beyond the tolerance? Each
 * record long enough to judge is held to the expectation on its own, and any one falling short rolls back: a version
 * that loses real money goes even when its backtest still looks fine.
 */
export function shouldRollBack(input: { promotedExpectation: RollbackExpectation; realized: readonly RealizedPerformance[]; tolerance: RollbackTolerance }): RollbackDecision {
  const records: RecordAssessment[] = [];
  const reasons: string[] = [];
  for (const realized of input.realized) {
    const { assessment, reasons: recordReasons } = assess(input.promotedExpectation, realized, input.tolerance);
    records.push(assessment);
    reasons.push(...recordReasons.map((reason) => `${realized.source}: ${reason}`));
  }
  return { rollBack: records.some((record) => record.rollBack), records, reasons };
}
