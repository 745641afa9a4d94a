import type { VersionLiveRecord } from '../../activities/research/live-record-activities';
import type { Granularity, InstrumentName } from '../../domain/market';
import type { BarRange, Objective, PromotionDecision, RegimeChange, RegimeChangeConfig, RollbackDecision, RollbackTolerance } from '../../domain/research';
import type { ParameterValues } from '../../domain/strategies';
import { DEFAULT_GATE, type GateSettings } from './research';

/** What the api and the hourly schedule pass to, and get back from, the evolutionCycle workflow. */
export const EVOLUTION_CYCLE_WORKFLOW = 'evolutionCycle';
export const EVOLUTION_SCHEDULE_ID = 'evolution-cycle';

export interface EvolutionCycleInput {
  strategy: string;
  instruments: InstrumentName[];
  granularity: Granularity;
  /**
   * Latest complete bars the cycle looks at: the generation window, the selection window (as long as the evaluation
   * window, or half the bars before it when they are fewer), and the evaluation window.
   */
  lookbackBars: number;
  /** The last bars, on which the chosen hypothesis is sandbox-tested against the active version (never used to generate or choose it). */
  evaluationBars: number;
  /** Mutations proposed around the active version. */
  mutations: number;
  mutationScale: number;
  /** Trials of the re-optimization run when the regime changed. */
  reoptimizationBudget: number;
  objective: Objective;
  gate: GateSettings;
  rollback: RollbackTolerance;
  regime: RegimeChangeConfig;
  downloadCandles: boolean;
  /** Seeds the mutations and the re-optimization; by default a fresh (replay-safe) draw per cycle. */
  seed?: number;
  requestedBy?: string;
}

/** A hypothesis on the window it was ranked on: the selection window (the evaluation window in cycles run before it existed). */
export type HypothesisOutcome = {
  id: string;
  kind: 'mutation' | 'reoptimization' | 'rollback';
  params: ParameterValues;
  score: number;
  feasible: boolean;
  trades: number;
  maxDrawdown: number;
  violations: string[];
};

export type EvolutionDecisionKind = 'promote' | 'keep' | 'rollback';

export interface EvolutionCycleResult {
  strategy: string;
  decision: EvolutionDecisionKind;
  reason: string;
  activeVersionBefore?: number;
  activeVersionAfter?: number;
  /** How the active version did with real (paper or live) money since its activation: its trades and realized P/L. */
  liveRecord?: VersionLiveRecord;
  /** The check of last cycle's promotion (its fills and a backtest since activation) against its sandbox expectation. */
  rollbackCheck?: RollbackDecision;
  regime?: RegimeChange;
  /** Where the bars were split (absent in cycles run before hypotheses were chosen on a window of their own). */
  windows?: { generation: BarRange; selection: BarRange; evaluation: BarRange };
  /** The active version on the evaluation window. */
  incumbent?: { score: number; trades: number; maxDrawdown: number };
  hypotheses: HypothesisOutcome[];
  /** The chosen hypothesis on the evaluation window, which its choice never saw: the unbiased figures it is gated on. */
  challenger?: { id: string; score: number; trades: number; maxDrawdown: number };
  gate?: PromotionDecision & { challenger: string };
}

/**
 * What a promotion stores in strategy_params.metrics (the cycle's promotion, or an optimization's candidate when it
 * was asked to auto-deploy): the sandbox expectation the next cycle holds it to. Its figures come from bars the
 * version's choice never saw (the cycle's evaluation window, the optimization's final holdout), so they are not
 * inflated by the selection.
 */
export interface SandboxExpectation {
  objective: Objective;
  score: number;
  maxDrawdown: number;
  trades: number;
  promotedBy: string;
}

/**
 * A promoted version is judged once it has three days and five closed trades of record; it is rolled back when
 * either record falls more than a Sharpe point short of its sandbox test with 90% confidence that this is not noise,
 * or draws down twice as deep.
 */
export const DEFAULT_ROLLBACK_TOLERANCE = { objectiveShortfall: 1, drawdownMultiple: 2, minPeriods: 3, minTrades: 5, minConfidence: 0.9 } satisfies Required<RollbackTolerance>;

/**
 * What an hourly cycle uses unless told otherwise: 160 days of H1 bars, 80 to generate hypotheses from, the next 40
 * to choose one on, and the last 40 for its sandbox test, so the gate's paired test has 40 daily periods.
 */
export const DEFAULT_EVOLUTION_SETTINGS: Omit<EvolutionCycleInput, 'strategy' | 'instruments' | 'seed' | 'requestedBy'> = {
  granularity: 'H1',
  lookbackBars: 3840,
  evaluationBars: 960,
  mutations: 6,
  mutationScale: 0.1,
  reoptimizationBudget: 160,
  objective: 'sharpe',
  gate: DEFAULT_GATE,
  rollback: DEFAULT_ROLLBACK_TOLERANCE,
  regime: { maxVolatilityRatio: 1.5, maxDriftShiftZ: 3 },
  downloadCandles: true,
};
