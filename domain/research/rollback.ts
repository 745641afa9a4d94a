export interface RollbackExpectation {
  /** The objective the promoted version showed in its sandbox test. */
  objective: number;
  maxDrawdown: number;
}

export interface RealizedPerformance {
  objective: number;
  maxDrawdown: number;
  /** Periods of realized (paper or live) performance behind the figures. */
  periods: number;
}

export interface RollbackTolerance {
  /** Shortfall of the realized objective under the expectation that is still accepted, in objective units. */
  objectiveShortfall: number;
  /** Realized drawdown accepted, as a multiple of the expected one (e.g. 1.5). */
  drawdownMultiple: number;
  /** Fewer realized periods than this are not evidence enough to roll back. */
  minPeriods: number;
}

export interface RollbackDecision {
  rollBack: boolean;
  /** expectation - realized, in objective units (positive: worse than expected). */
  shortfall: number;
  reasons: string[];
}

/** Did the version promoted last cycle fall short of what its sandbox test promised, beyond the tolerance? */
export function shouldRollBack(input: { promotedExpectation: RollbackExpectation; realized: RealizedPerformance; tolerance: RollbackTolerance }): RollbackDecision {
  const { promotedExpectation: expected, realized, tolerance } = input;
  const shortfall = expected.objective - realized.objective;
  if (realized.periods < tolerance.minPeriods) {
    return { rollBack: false, shortfall, reasons: [`keep: only ${realized.periods} realized periods, fewer than the ${tolerance.minPeriods} needed to judge`] };
  }
  const reasons: string[] = [];
  const objectiveMissed = shortfall > tolerance.objectiveShortfall;
  reasons.push(objectiveMissed
    ? `roll back: realized objective ${realized.objective.toFixed(3)} is ${shortfall.toFixed(3)} under the expected ${expected.objective.toFixed(3)}, beyond the tolerance of ${tolerance.objectiveShortfall}`
    : `ok: realized objective ${realized.objective.toFixed(3)} vs expected ${expected.objective.toFixed(3)}, shortfall ${shortfall.toFixed(3)} within ${tolerance.objectiveShortfall}`);
  const drawdownLimit = expected.maxDrawdown * tolerance.drawdownMultiple;
  const drawdownBreached = realized.maxDrawdown > drawdownLimit;
  reasons.push(drawdownBreached
    ? `roll back: realized drawdown ${(realized.maxDrawdown * 100).toFixed(2)}% exceeds ${tolerance.drawdownMultiple} × the expected ${(expected.maxDrawdown * 100).toFixed(2)}%`
    : `ok: realized drawdown ${(realized.maxDrawdown * 100).toFixed(2)}% within ${tolerance.drawdownMultiple} × the expected ${(expected.maxDrawdown * 100).toFixed(2)}%`);
  return { rollBack: objectiveMissed || drawdownBreached, shortfall, reasons };
}
