/** What the search needs back from a trial: its objective and whether it met the constraints. */
export interface TrialScore {
  score: number;
  feasible: boolean;
}

export interface RankedTrial extends TrialScore {
  id: number;
}

/**
 * Feasible trials first (Deb's rule: a result that breaks a constraint never outranks one that does not), then the
 * higher out-of-sample score, then the earlier trial so the order is total and reproducible.
 */
export function compareTrials(a: RankedTrial, b: RankedTrial): number {
  if (a.feasible !== b.feasible) return a.feasible ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  return a.id - b.id;
}

export function rankTrials<T extends RankedTrial>(trials: readonly T[]): T[] {
  return [...trials].sort(compareTrials);
}
