import type { CandleSeries } from '../../../../domain/backtest/candle-series';
import { periodsPerYear } from '../../../../domain/backtest/periods-per-year';
import { createSearch, nextBatch, recordResults, type SearchKind, type SearchState } from '../../../../domain/research/parameter-search';
import { evaluateTrial, type BacktestSettings, type TrialConstraints, type TrialEvaluation } from '../../../../domain/research/trial-evaluation';
import { walkForwardFolds, type Fold } from '../../../../domain/research/walk-forward';
import { getStrategy } from '../../../../domain/strategies/registry';
import type { ParameterValues } from '../../../../domain/strategies/parameter-space';

export const BACKTEST: BacktestSettings = { accountCurrency: 'USD', initialEquityAccount: 100_000, riskFraction: 0.01, periodsPerYear: periodsPerYear('H1') };
export const DAILY_H1_BARS = 24;

export interface OptimizationRun {
  state: SearchState;
  evaluations: Map<number, TrialEvaluation>;
  folds: Fold[];
}

export interface EvaluationOptions {
  constraints: TrialConstraints;
  /** Bars per return period. */
  periodBars: number;
}

const DEFAULT_EVALUATION: EvaluationOptions = { constraints: { minTrades: 20, maxDrawdown: 0.3 }, periodBars: DAILY_H1_BARS };

export function evaluate(seriesByInstrument: Record<string, CandleSeries>, params: ParameterValues, folds: readonly Fold[], options = DEFAULT_EVALUATION): TrialEvaluation {
  return evaluateTrial({
    seriesByInstrument, strategy: getStrategy('ma-crossover'), params, folds, backtest: BACKTEST,
    objective: 'sharpe', constraints: options.constraints, periodBars: options.periodBars,
  });
}

/**
 * The loop a workflow runs, in-process: batches proposed, evaluated and recorded until the budget is spent. By
 * default on three walk-forward folds over every bar.
 */
export function optimize(
  seriesByInstrument: Record<string, CandleSeries>, kind: SearchKind, budget: number, seed: number, batchSize = 20,
  search: { folds?: Fold[]; evaluation?: EvaluationOptions } = {},
): OptimizationRun {
  const barCount = Object.values(seriesByInstrument)[0]!.length;
  const folds = search.folds ?? walkForwardFolds(barCount, { folds: 3, inSampleFraction: 0.6 });
  let state = createSearch({ kind, strategy: 'ma-crossover', budget, seed });
  const evaluations = new Map<number, TrialEvaluation>();
  for (;;) {
    const batch = nextBatch(state, batchSize);
    if (batch.candidates.length === 0) break;
    const outcomes = batch.candidates.map((candidate) => {
      const evaluation = evaluate(seriesByInstrument, candidate.params, folds, search.evaluation);
      evaluations.set(candidate.id, evaluation);
      return { id: candidate.id, score: evaluation.score, feasible: evaluation.feasible, periodSharpe: evaluation.periodSharpe };
    });
    state = recordResults(batch.state, outcomes);
  }
  return { state, evaluations, folds };
}
