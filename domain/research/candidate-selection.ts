import { sampleVariance } from '../math/statistics';
import { recordedSelection, type Selection } from './overfitting-guard';
import { rankTrials, type TrialScore } from './trial-ranking';

export interface CandidateRecord extends TrialScore {
  /** Per-period Sharpe ratio of periodReturns. */
  periodSharpe: number;
  /** Returns per period on the window the candidates are ranked on, aligned across candidates. */
  periodReturns: readonly number[];
}

/**
 * The candidate a selection window picks (feasible first, then the best score, as a search ranks its trials) and
 * how hard it looked: how many candidates, how many of them independent, how widely their Sharpe ratios spread, and
 * the winner's Sharpe estimate on that window. The winner is then to be judged on periods after the window, with
 * this selection deflating what the window showed of it.
 */
export function selectCandidate(records: readonly CandidateRecord[]): { index: number; selection: Selection } {
  if (records.length === 0) throw new RangeError('a selection needs at least one candidate');
  const [best] = rankTrials(records.map((record, id) => ({ id, score: record.score, feasible: record.feasible })));
  const winner = records[best!.id]!;
  const sharpes = records.map((record) => record.periodSharpe);
  const counted = { trials: records.length, trialSharpeVariance: sharpes.length < 2 ? 0 : sampleVariance(sharpes) };
  return { index: best!.id, selection: recordedSelection(counted, records.map((record) => record.periodReturns), winner.periodReturns) };
}
