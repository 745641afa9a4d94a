import { defineQuery } from '@temporalio/workflow';
import type { Granularity, InstrumentName } from '../../domain/market';
import type { BacktestOverfitting, BarRange, DeflatedSharpe, Objective, PromotionDecision, SearchKind, SearchState, TrialConstraints, WalkForwardConfig } from '../../domain/research';
import type { ParameterValues } from '../../domain/strategies';
import { DEFAULT_GATE, type GateSettings } from './research';

/** What the api passes to, queries from, and gets back from the strategyOptimization workflow. */
export const STRATEGY_OPTIMIZATION_WORKFLOW = 'strategyOptimization';

export interface StrategyOptimizationInput {
  strategy: string;
  instruments: InstrumentName[];
  granularity: Granularity;
  /** A fixed range, or the last days before the run starts (what a schedule passes). */
  period: { fromMs: number; toMs: number } | { lastDays: number };
  search: SearchKind;
  /** Trials. */
  budget: number;
  objective: Objective;
  walkForward: WalkForwardConfig;
  /**
   * Share of the latest bars held out of the search: the walk-forward folds cover the bars before them, and the
   * winner is reported, stored with its sandbox expectation and gated on them. Default 0.2.
   */
  holdoutFraction?: number;
  constraints: TrialConstraints;
  /** Send the winner through the promotion gate and activate it when it passes. */
  autoDeploy: boolean;
  seed: number;
  /** Trials proposed per batch; the batch is evaluated by `parallelism` activities at once. */
  batchSize: number;
  parallelism: number;
  /** Batches per run before the workflow continues as new (keeps the history small). */
  batchesPerRun: number;
  gate: GateSettings;
  /** False when the candles are already in the cache (e.g. tests with seeded data): no broker download. */
  downloadCandles: boolean;
  requestedBy?: string;
}

/** Carried across continue-as-new: the JSON search state and what was learnt before the first run. */
export interface OptimizationCarry {
  state: SearchState;
  bars: number;
  runs: number;
  /** Bars held out at the end; absent in searches begun before the holdout existed, which have none. */
  holdoutBars?: number;
}

export const DEFAULT_HOLDOUT_FRACTION = 0.2;

export type OptimizationStage = 'loading_data' | 'searching' | 'guarding' | 'holding_out' | 'storing' | 'deploying' | 'done';

export interface OptimizationProgress {
  stage: OptimizationStage;
  budget: number;
  trialsDone: number;
  /** Continue-as-new runs so far (0 in the first run). */
  runs: number;
  best?: { trialKey: string; params: ParameterValues; score: number; feasible: boolean };
}

export interface StrategyOptimizationResult {
  strategy: string;
  trials: number;
  winner?: {
    trialKey: string;
    params: ParameterValues;
    /** Score, trades and drawdown over the walk-forward folds it was ranked on: the best of many, so inflated. */
    score: number;
    trades: number;
    maxDrawdown: number;
    /** The winner on the final holdout (absent in runs begun before it existed): its unbiased figures. */
    holdout?: HoldoutResult;
    deflatedSharpe: DeflatedSharpe;
    /** Null when too few trials or periods for the combinatorial split. */
    backtestOverfitting: BacktestOverfitting | null;
    candidateVersion: number;
  };
  /** Why no winner was stored (no feasible trial). */
  noWinnerReason?: string;
  deployment?: { promoted: boolean; activeVersion?: number; decision: PromotionDecision };
}

/** A version's figures on the final holdout, which played no part in choosing it. */
export interface HoldoutResult {
  bars: BarRange;
  periods: number;
  score: number;
  trades: number;
  maxDrawdown: number;
}

export const optimizationProgressQuery = defineQuery<OptimizationProgress>('optimizationProgress');

export const OPTIMIZATION_SCHEDULE_ID = 'strategy-optimization';

/** The nightly optimization: a year of H1 bars, 200 evolutionary trials, four walk-forward folds, the last 20% held out. */
export const DEFAULT_OPTIMIZATION_SETTINGS: Omit<StrategyOptimizationInput, 'strategy' | 'instruments' | 'requestedBy'> = {
  granularity: 'H1',
  period: { lastDays: 365 },
  search: 'evolutionary',
  budget: 200,
  objective: 'sharpe',
  walkForward: { folds: 4, inSampleFraction: 0.7 },
  holdoutFraction: DEFAULT_HOLDOUT_FRACTION,
  constraints: { minTrades: 30, maxDrawdown: 0.25 },
  autoDeploy: false,
  seed: 1,
  batchSize: 20,
  parallelism: 2,
  batchesPerRun: 5,
  gate: DEFAULT_GATE,
  downloadCandles: true,
};
