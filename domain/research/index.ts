/**
 * Strategy research, pure and deterministic: what the strategyOptimization and evolutionCycle workflows compute.
 *
 * Optimization: createSearch → repeat { nextBatch → evaluateTrial per candidate (an activity each, on series made
 * equal-length by alignCandleSeries and folds from walkForwardFolds) → recordResults } until searchProgress(state)
 * .done; the state is JSON, so it crosses continue-as-new as is. The winner is searchProgress(state).best; its
 * overfitting guard is winnerDeflatedSharpe(winner.periodReturns, selectionOf(state)) and, over every trial's
 * periodReturns, probabilityOfBacktestOverfitting. autoDeploy passes it through promotionDecision with
 * `selection` set.
 *
 * Evolution cycle: sandboxWindows splits the latest bars → detectRegimeChange on the generation window's returns →
 * generateHypotheses → evaluateTrial for the active version and each hypothesis on [windows.fold] (the same window,
 * so period returns pair up) → promotionDecision(active vs the best hypothesis) → next cycle, shouldRollBack
 * holds the promoted version's realized records (liveRecord of its fills, a backtest since its activation) to its
 * sandbox evaluation.
 */
export { alignCandleSeries } from './align-series';
export { deflatedSharpeRatio, expectedMaxSharpe, probabilisticSharpeRatio, sharpeEstimate, type DeflatedSharpe, type SharpeEstimate } from './deflated-sharpe';
export { deriveSeed } from './derive-seed';
export { generateHypotheses, type Hypothesis, type HypothesisRequest, type StrategyVersion } from './hypotheses';
export { completePeriodsEnd, liveRecord, type LiveRecord, type LiveRecordInput, type TradeClose } from './live-record';
export { normalCdf } from '../math/statistics';
export { capRatio, OBJECTIVES, RATIO_CAP, type Objective } from './objective';
export { probabilityOfBacktestOverfitting, selectionOf, winnerDeflatedSharpe, type BacktestOverfitting, type Selection } from './overfitting-guard';
export {
  createSearch, DEFAULT_EVOLUTION, LEGACY_SEARCH_SAMPLING, nextBatch, parameterKey, recordResults, searchProgress,
  type EvolutionSettings, type SearchKind, type SearchOptions, type SearchProgress, type SearchState, type SearchTrial, type TrialOutcome, type TrialResult,
} from './parameter-search';
export { promotionDecision, type GateEvidence, type PromotionConfig, type PromotionDecision, type PromotionStatistics, type RiskLimits } from './promotion-gate';
export { detectRegimeChange, type RegimeChange, type RegimeChangeConfig } from './regime-change';
export { shouldRollBack, type RealizedPerformance, type RecordAssessment, type RollbackDecision, type RollbackExpectation, type RollbackTolerance } from './rollback';
export { returnMoments, type ReturnMoments } from './sample-moments';
export { sandboxWindows, type SandboxWindowRequest, type SandboxWindows } from './sandbox-windows';
export { compoundedEquity, periodReturns, segmentMetrics, type SegmentMetrics } from './segment-metrics';
export { sliceCandleSeries } from './slice-series';
export {
  evaluateTrial,
  type BacktestSettings, type ConstraintViolation, type FoldEvaluation, type SegmentEvaluation, type TrialConstraints, type TrialEvaluation, type TrialEvaluationInput,
} from './trial-evaluation';
export { compareTrials, rankTrials, type RankedTrial, type TrialScore } from './trial-ranking';
export { walkForwardFolds, type BarRange, type Fold, type WalkForwardConfig } from './walk-forward';
