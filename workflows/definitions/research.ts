import { granularityMs, type Granularity, type InstrumentName } from '../../domain/market';
import type { Fold, Objective, TrialConstraints } from '../../domain/research';
import type { ParameterValues } from '../../domain/strategies';

/** Shared by the research workflows and their activities: a dataset is named by range, never carried in history. */
export interface Dataset {
  instruments: InstrumentName[];
  granularity: Granularity;
  /** Bars starting in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
}

export interface DatasetSummary {
  /** Bars every instrument has (aligned), the unit of fold and window indices. */
  bars: number;
  firstTimeMs: number;
  lastTimeMs: number;
  /** Bars at or after `sinceMs`, when asked. */
  barsSince?: number;
}

export interface TrialCandidate {
  /** Unique within the run: the backtest_runs trial_key. */
  key: string;
  params: ParameterValues;
}

export interface EvaluateTrialsInput {
  /** The workflow id (stable across continue-as-new): backtest_runs.run_id. */
  runId: string;
  purpose: 'optimization' | 'evolution';
  strategy: string;
  dataset: Dataset;
  folds: Fold[];
  objective: Objective;
  constraints: TrialConstraints;
  periodBars: number;
  candidates: TrialCandidate[];
  /** Return each trial's out-of-sample period returns (for the promotion gate); stored in backtest_runs either way. */
  includePeriodReturns?: boolean;
}

export interface TrialSummary {
  key: string;
  score: number;
  feasible: boolean;
  periodSharpe: number;
  trades: number;
  maxDrawdown: number;
  violations: string[];
  periodReturns?: number[];
}

/** The promotion gate's and the rollback check's settings, shared by autoDeploy and the evolution cycle. */
export interface GateSettings {
  minImprovement: number;
  /** 1 - minConfidence is the share of promotions the gate lets through when no candidate is really better. */
  minConfidence: number;
  minTrades: number;
  minPeriods?: number;
  maxDrawdown: number;
  maxPeriodLoss?: number;
  /** Ceiling on a search winner's probability of backtest overfitting; 0.5 when absent. */
  maxBacktestOverfitting?: number;
}

export const DEFAULT_GATE: GateSettings = { minImprovement: 0.25, minConfidence: 0.9, minTrades: 20, minPeriods: 20, maxDrawdown: 0.25, maxBacktestOverfitting: 0.5 };

/** Bars per reported return period: daily periods, whatever the bar size. */
export function periodBarsFor(granularity: Granularity): number {
  return Math.max(1, Math.round(86_400_000 / granularityMs(granularity)));
}
