import { returnSpread } from './sample-moments';

/**
 * How many independent trials a selection was really made from, judged by their return records (aligned period by
 * period): 1 + the participation ratio of the correlations left once the trials' common movement is removed.
 *
 * The deflated Sharpe ratio scales the expected maximum by the spread of the trials' Sharpe ratios around their
 * mean, so what counts is how many independent draws make up that spread: a market move shared by every trial is
 * in none of it, while k clusters of near-duplicates are k draws however many trials each holds. Each record is
 * standardized, the cross-trial mean of each period is removed, and the correlations r of what remains give
 * N² / (N + Σ r²) (N for unrelated records, k for k clusters). Sample correlations of unrelated records are not 0:
 * their squares average 1 / (periods − 1), which is taken out of the sum, or a search of 200 independent trials
 * over 180 periods would count barely 100. Flat records (a trial that never traded) are one more trial at most.
 */
export function effectiveTrials(returnsByTrial: readonly (readonly number[])[]): number {
  const trials = returnsByTrial.length;
  if (trials === 0) throw new RangeError('effective trials of no trials');
  const periods = returnsByTrial[0]!.length;
  if (returnsByTrial.some((returns) => returns.length !== periods)) throw new RangeError('every trial needs the same periods to count correlated trials');
  const varying = returnsByTrial.filter((returns) => returnSpread(returns) > 0);
  const flatTrials = varying.length < trials ? 1 : 0;
  if (varying.length < 2 || periods < 3) return Math.min(trials, varying.length + flatTrials);

  const standardized = varying.map((returns) => {
    const mean = returns.reduce((total, value) => total + value, 0) / periods;
    const spread = returnSpread(returns);
    return returns.map((value) => (value - mean) / spread);
  });
  const residuals = standardized.map((row) => Float64Array.from(row));
  for (let period = 0; period < periods; period++) {
    let common = 0;
    for (const row of standardized) common += row[period]!;
    common /= standardized.length;
    for (const row of residuals) row[period]! -= common;
  }
  // Residuals that are (almost) the common movement itself carry no direction of their own.
  const units = residuals.flatMap((row) => {
    const norm = Math.sqrt(row.reduce((total, value) => total + value * value, 0));
    return norm > 1e-9 * Math.sqrt(periods) ? [row.map((value) => value / norm)] : [];
  });
  const count = units.length;
  if (count < 2) return Math.min(trials, 1 + flatTrials);
  let squaredCorrelations = 0;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let correlation = 0;
      for (let period = 0; period < periods; period++) correlation += units[i]![period]! * units[j]![period]!;
      squaredCorrelations += 2 * (correlation * correlation - 1 / (periods - 1));
    }
  }
  const participation = (count * count) / (count + Math.max(0, squaredCorrelations));
  return Math.min(trials, 1 + participation + flatTrials);
}
