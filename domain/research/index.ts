/**
 * Strategy research, pure and deterministic: what the strategyOptimization and evolutionCycle workflows compute.
 * Every promotion separates choosing from judging: a winner is chosen on one stretch of bars and judged on a later
 * one its choice never saw, and what the first stretch showed of it is deflated for how many candidates it beat.
 *
 * Optimization: the last bars are a holdout; on the bars before it, createSearch → repeat { nextBatch →
 * evaluateTrial per candidate (an activity each, on series made equal-length by alignCandleSeries and folds from
 * walkForwardFolds) → recordResults } until searchProgress(state).done; the state is JSON, so it crosses
 * continue-as-new as is. The winner is searchProgress(state).best; its overfitting guard is
 * winnerDeflatedSharpe(winner.periodReturns, selectionOf(state) with effectiveTrials over every trial's
 * periodReturns) and probabilityOfBacktestOverfitting over the same records. The winner (and the active version)
 * are then evaluated on the holdout: that is the version's sandbox expectation, and autoDeploy passes it through
 * promotionDecision with `selection` (ranked on the folds) and `backtestOverfitting` set.
 *
 * Evolution cycle: sandboxWindows({ withSelection }) splits the latest bars into generation, selection and
 * evaluation windows → detectRegimeChange on the generation window's returns → generateHypotheses (a
 * re-optimization searches the generation window only) → evaluateTrial for each hypothesis on the selection window
 * → selectCandidate → evaluateTrial for the active version and the chosen hypothesis on the evaluation window (the
 * same window, so period returns pair up) → promotionDecision with the selection → next cycle, shouldRollBack
 * holds the promoted version's realized records (liveRecord of its fills, a backtest since its activation) to its
 * evaluation-window figures.
 */
export { alignCandleSeries } from './align-series';
export { selectCandidate, type CandidateRecord } from './candidate-selection';
export { deflatedSharpeRatio, expectedMaxSharpe, probabilisticSharpeRatio, sharpeEstimate, type DeflatedSharpe, type SharpeEstimate, type TrialCount } from './deflated-sharpe';
export { deriveSeed } from './derive-seed';
export { effectiveTrials } from './effective-trials';
export { generateHypotheses, type Hypothesis, type HypothesisRequest, type StrategyVersion } from './hypotheses';
export { completePeriodsEnd, liveRecord, type LiveRecord, type LiveRecordInput, type TradeClose } from './live-record';
export { normalCdf } from '../math/statistics';
export { capRatio, OBJECTIVES, RATIO_CAP, type Objective } from './objective';
export { probabilityOfBacktestOverfitting, recordedSelection, selectionOf, winnerDeflatedSharpe, type BacktestOverfitting, type Selection } from './overfitting-guard';
export {
  createSearch, DEFAULT_EVOLUTION, LEGACY_SEARCH_SAMPLING, nextBatch, parameterKey, recordResults, searchProgress,
  type EvolutionSettings, type SearchKind, type SearchOptions, type SearchProgress, type SearchState, type SearchTrial, type TrialOutcome, type TrialResult,
} from './parameter-search';
export {
  DEFAULT_MAX_BACKTEST_OVERFITTING, promotionDecision,
  type GateEvidence, type PairedTest, type PromotionConfig, type PromotionDecision, type PromotionStatistics, type RiskLimits,
} from './promotion-gate';
export { detectRegimeChange, type RegimeChange, type RegimeChangeConfig } from './regime-change';
export { shouldRollBack, type RealizedPerformance, type RecordAssessment, type RollbackDecision, type RollbackExpectation, type RollbackTolerance } from './rollback';
export { returnMoments, returnSpread, type ReturnMoments } from './sample-moments';
export { sandboxWindows, type SandboxWindowRequest, type SandboxWindows } from './sandbox-windows';
export { compoundedEquity, periodReturns, segmentMetrics, type SegmentMetrics } from './segment-metrics';
export { sliceCandleSeries } from './slice-series';
export { studentTCdf } from './student-t';
export {
  evaluateTrial,
  type BacktestSettings, type ConstraintViolation, type FoldEvaluation, type SegmentEvaluation, type TrialConstraints, type TrialEvaluation, type TrialEvaluationInput,
} from './trial-evaluation';
export { compareTrials, rankTrials, type RankedTrial, type TrialScore } from './trial-ranking';
export { finalHoldout, walkForwardFolds, type BarRange, type Fold, type WalkForwardConfig } from './walk-forward';
