import { mean, sampleVariance } from '../math/statistics';
import { deflatedSharpeRatio, sharpeEstimate, type DeflatedSharpe, type SharpeEstimate, type TrialCount } from './deflated-sharpe';
import { effectiveTrials } from './effective-trials';
import type { SearchState } from './parameter-search';
import { returnSpread } from './sample-moments';

/** How a winner was selected, for the deflated Sharpe ratio. */
export interface Selection extends TrialCount {
  /**
   * The winner's Sharpe estimate on the periods it was ranked on, when it is then judged on other (held-out) periods.
   * Absent: the record it is judged on is the one it was ranked on.
   */
  rankedOn?: SharpeEstimate;
}

/** How hard the search looked: the completed trials and the spread of their Sharpe ratios. */
export function selectionOf(state: SearchState): Selection {
  const sharpes = state.trials.flatMap((trial) => (trial.result ? [trial.result.periodSharpe] : []));
  return { trials: Math.max(sharpes.length, 1), trialSharpeVariance: sharpes.length < 2 ? 0 : sampleVariance(sharpes) };
}

/**
 * The selection of a search as its trials' out-of-sample records tell it: `counted` (from the search state) with the
 * trials counted as independent and the winner's Sharpe estimate on the periods it was ranked on.
 *
 * The spread of the trials' Sharpe ratios is taken as the luck to deflate for only as far as luck can reach: the
 * estimates of unskilled trials scatter with a variance of at most 1 / (periods - 1) (the probabilistic Sharpe
 * ratio's own, at a Sharpe of 0; less when the trials move together). A wider spread is real differences between
 * the trials, which make the winner no luckier, and deflating for it would refuse a real edge found among poor
 * candidates.
 */
export function recordedSelection(counted: TrialCount, trialPeriodReturns: readonly (readonly number[])[], winnerPeriodReturns: readonly number[]): Selection {
  const periods = winnerPeriodReturns.length;
  return {
    trials: counted.trials,
    trialSharpeVariance: periods >= 2 ? Math.min(counted.trialSharpeVariance, 1 / (periods - 1)) : counted.trialSharpeVariance,
    effectiveTrials: Math.min(counted.trials, effectiveTrials(trialPeriodReturns)),
    ...(winnerPeriodReturns.length >= 2 && { rankedOn: sharpeEstimate(winnerPeriodReturns) }),
  };
}

/** Deflated Sharpe ratio of the winner's out-of-sample period returns, given how many trials it beat. */
export function winnerDeflatedSharpe(winnerPeriodReturns: readonly number[], selection: Selection): DeflatedSharpe {
  return deflatedSharpeRatio(sharpeEstimate(winnerPeriodReturns), selection);
}

export interface BacktestOverfitting {
  /** Share of splits in which the in-sample best trial ranks in the bottom half out of sample. */
  probability: number;
  splits: number;
  /** Median logit of the in-sample best trial's relative out-of-sample rank (positive: it tends to stay good). */
  medianLogit: number;
}

function combinations(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...combinations(n - 1, k - 1).map((c) => [...c, n - 1]), ...combinations(n - 1, k)];
}

const blockSharpe = (returns: readonly number[]): number => {
  const sd = returnSpread(returns);
  return sd > 0 ? mean(returns) / sd : 0;
};

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey, Borwein, López de
 * Prado & Zhu, 2017): the periods are cut into `blocks` equal blocks; for every choice of half of them as in-sample,
 * the trial with the best in-sample Sharpe is ranked among all trials on the other half.
 */
export function probabilityOfBacktestOverfitting(periodReturnsByTrial: readonly (readonly number[])[], blocks = 8): BacktestOverfitting {
  const trials = periodReturnsByTrial.length;
  if (trials < 2) throw new RangeError(`backtest overfitting needs at least two trials, got ${trials}`);
  if (!Number.isInteger(blocks) || blocks < 2 || blocks % 2 !== 0) throw new RangeError(`blocks must be an even integer of at least 2, got ${blocks}`);
  const periods = periodReturnsByTrial[0]!.length;
  if (periodReturnsByTrial.some((returns) => returns.length !== periods)) throw new RangeError('every trial needs the same out-of-sample periods');
  const blockBars = Math.floor(periods / blocks);
  if (blockBars < 2) throw new RangeError(`${periods} periods are too few for ${blocks} blocks`);
  const rowsOf = (chosen: readonly number[]): number[] => chosen.flatMap((block) => Array.from({ length: blockBars }, (_, i) => block * blockBars + i));
  const logits = combinations(blocks, blocks / 2).map((inSampleBlocks) => {
    const outOfSampleBlocks = Array.from({ length: blocks }, (_, b) => b).filter((b) => !inSampleBlocks.includes(b));
    const inRows = rowsOf(inSampleBlocks);
    const outRows = rowsOf(outOfSampleBlocks);
    const inSharpe = periodReturnsByTrial.map((returns) => blockSharpe(inRows.map((row) => returns[row]!)));
    const outSharpe = periodReturnsByTrial.map((returns) => blockSharpe(outRows.map((row) => returns[row]!)));
    const best = inSharpe.indexOf(Math.max(...inSharpe));
    // Rank 1..trials among the out-of-sample Sharpes, ties counted half, as a share in (0, 1).
    const below = outSharpe.filter((s) => s < outSharpe[best]!).length + (outSharpe.filter((s) => s === outSharpe[best]!).length - 1) / 2;
    const relativeRank = (below + 1) / (trials + 1);
    return Math.log(relativeRank / (1 - relativeRank));
  });
  const sorted = [...logits].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return {
    probability: logits.filter((logit) => logit <= 0).length / logits.length,
    splits: logits.length,
    medianLogit: sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
  };
}
