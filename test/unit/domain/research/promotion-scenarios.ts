import type { CandleSeries } from '../../../../domain/backtest/candle-series';
import { seededRandom } from '../../../../domain/random';
import { selectCandidate } from '../../../../domain/research/candidate-selection';
import { deriveSeed } from '../../../../domain/research/derive-seed';
import { generateHypotheses } from '../../../../domain/research/hypotheses';
import { probabilityOfBacktestOverfitting, recordedSelection, selectionOf } from '../../../../domain/research/overfitting-guard';
import { searchProgress, type SearchKind } from '../../../../domain/research/parameter-search';
import { promotionDecision, type PromotionConfig, type PromotionDecision } from '../../../../domain/research/promotion-gate';
import { sandboxWindows } from '../../../../domain/research/sandbox-windows';
import { rankTrials } from '../../../../domain/research/trial-ranking';
import { finalHoldout, walkForwardFolds, type Fold, type WalkForwardConfig } from '../../../../domain/research/walk-forward';
import { sampleParameters, type ParameterValues } from '../../../../domain/strategies/parameter-space';
import { getStrategy } from '../../../../domain/strategies/registry';
import { evaluate, optimize, type EvaluationOptions } from './optimization-scenario';
import { plantedEdgeSeries } from './planted-edge-series';

/**
 * The evolution cycle's and the optimizer's promotion decisions, in-process, from the domain functions their
 * workflows call in the same order: what the property test and bench/promotion-gate.ts run over many seeded markets.
 * 'honest' is how the workflows decide now (choose on one stretch of bars, judge on a later one, deflate for the
 * choice); 'legacy' is how runs begun before the selection window and the final holdout decided.
 */
export type Method = 'honest' | 'legacy';

export interface ScenarioSettings {
  /** 1 or 2 instruments, traded as an equal-weight portfolio. */
  instruments: 1 | 2;
  evaluation: EvaluationOptions;
  /** Without its paired test: each method brings its own. */
  gate: Omit<PromotionConfig, 'pairedTest'>;
}

export interface CycleSettings extends ScenarioSettings {
  lookbackBars: number;
  evaluationBars: number;
  mutations: number;
  mutationScale: number;
  /** Trials of the re-optimization a changed regime asks for; 0: the regime held, mutations only. */
  reoptimizationBudget: number;
  /** The active version; by default a random one per seed. */
  active?: ParameterValues;
}

export interface SearchSettings extends ScenarioSettings {
  bars: number;
  kind: SearchKind;
  budget: number;
  walkForward: WalkForwardConfig;
  holdoutFraction: number;
}

export interface PromotionOutcome {
  promoted: boolean;
  /** Absent when nothing reached the gate (no feasible winner). */
  decision?: PromotionDecision;
  /**
   * The winner's objective where it was chosen and where it was judged (what it is then expected to deliver): the
   * same window for 'legacy', so the expectation carries the whole selection bias.
   */
  scores?: { chosenOn: number; judgedOn: number };
}

const REOPTIMIZATION_WALK_FORWARD = { folds: 2, inSampleFraction: 0.7 };
const OVERFITTING_BLOCKS = 8;
const STARTS = [1.1, 1.3];
const STRATEGY = getStrategy('ma-crossover');

/** A market of seeded H1 series; edge 0 is a random walk, a positive edge plants the SMA(3)/SMA(12) crossover. */
export function plantedMarket(bars: number, seed: number, edge: number, instruments: 1 | 2): Record<string, CandleSeries> {
  return Object.fromEntries(['EUR_USD', 'GBP_USD'].slice(0, instruments).map((name, i) => [name, plantedEdgeSeries({ bars, seed: deriveSeed(seed, i), edge, startMidPrice: STARTS[i] })]));
}

/** A search ranks on out-of-sample scores; the in-sample backtests a workflow also records would only cost time here. */
const outOfSampleOnly = (folds: readonly Fold[]): Fold[] => folds.map(({ index, outOfSample }) => ({ index, outOfSample }));

/** One evolution cycle on a fresh market around a random active version: is a hypothesis promoted? */
export function cycleOutcome(method: Method, settings: CycleSettings, seed: number, edge: number): PromotionOutcome {
  const market = plantedMarket(settings.lookbackBars, seed, edge, settings.instruments);
  const active = settings.active ?? sampleParameters(STRATEGY.parameterSpace, seededRandom(deriveSeed(seed, 100)));
  const windows = sandboxWindows({ barCount: settings.lookbackBars, evaluationBars: settings.evaluationBars, warmupBars: STRATEGY.warmupBars(active), withSelection: method === 'honest' });
  const hypotheses = generateHypotheses({
    strategy: STRATEGY.name, active: { version: 1, params: active }, regimeChanged: settings.reoptimizationBudget > 0, seed, count: settings.mutations, mutationScale: settings.mutationScale,
  });
  const reoptimize = (): ParameterValues => {
    const folds = outOfSampleOnly(walkForwardFolds(windows.generation.end, REOPTIMIZATION_WALK_FORWARD));
    const run = optimize(market, 'evolutionary', settings.reoptimizationBudget, seed, 10, { folds, evaluation: settings.evaluation });
    return searchProgress(run.state).best?.params ?? active;
  };
  const candidates = hypotheses.map((h) => (h.kind === 'reoptimization' ? reoptimize() : h.params));
  if (candidates.length === 0) return { promoted: false };
  const onEvaluation = (params: ParameterValues) => evaluate(market, params, [windows.fold], settings.evaluation);
  const incumbent = onEvaluation(active);

  if (method === 'legacy') {
    const judged = candidates.map(onEvaluation);
    const [best] = rankTrials(judged.map((evaluation, id) => ({ id, score: evaluation.score, feasible: evaluation.feasible })));
    const winner = judged[best!.id]!;
    return decided(promotionDecision({ incumbent, challenger: winner, config: { ...settings.gate, pairedTest: 'legacy-normal' } }), winner.score, winner.score);
  }
  const ranked = candidates.map((params) => evaluate(market, params, [windows.selection!.fold], settings.evaluation));
  const { index, selection } = selectCandidate(ranked);
  if (!ranked[index]!.feasible) return { promoted: false };
  const judged = onEvaluation(candidates[index]!);
  return decided(promotionDecision({ incumbent, challenger: { ...judged, selection }, config: { ...settings.gate, pairedTest: 'student-t' } }), ranked[index]!.score, judged.score);
}

/** One auto-deploying optimization on a fresh market with nothing active yet: is its winner promoted? */
export function searchOutcome(method: Method, settings: SearchSettings, seed: number, edge: number): PromotionOutcome {
  const market = plantedMarket(settings.bars, seed, edge, settings.instruments);
  const split = method === 'honest' ? finalHoldout(settings.bars, settings.holdoutFraction) : undefined;
  const folds = outOfSampleOnly(walkForwardFolds(split?.searchBars ?? settings.bars, settings.walkForward));
  const run = optimize(market, settings.kind, settings.budget, seed, 20, { folds, evaluation: settings.evaluation });
  const best = searchProgress(run.state).best;
  if (!best?.feasible) return { promoted: false };
  const winner = run.evaluations.get(best.id)!;

  if (!split) {
    return decided(promotionDecision({ incumbent: null, challenger: { ...winner, selection: selectionOf(run.state) }, config: { ...settings.gate, pairedTest: 'legacy-normal' } }), winner.score, winner.score);
  }
  const trialReturns = [...run.evaluations.values()].map((evaluation) => evaluation.periodReturns);
  const selection = recordedSelection(selectionOf(run.state), trialReturns, winner.periodReturns);
  const overfitting = trialReturns.length >= 2 && winner.periodReturns.length >= 2 * OVERFITTING_BLOCKS
    ? probabilityOfBacktestOverfitting(trialReturns, OVERFITTING_BLOCKS).probability
    : undefined;
  const judged = evaluate(market, best.params, [{ index: 0, outOfSample: split.holdout }], settings.evaluation);
  return decided(promotionDecision({
    incumbent: null, challenger: { ...judged, selection, ...(overfitting !== undefined && { backtestOverfitting: overfitting }) }, config: { ...settings.gate, pairedTest: 'student-t' },
  }), winner.score, judged.score);
}

const decided = (decision: PromotionDecision, chosenOn: number, judgedOn: number): PromotionOutcome => ({ promoted: decision.promote, decision, scores: { chosenOn, judgedOn } });

export interface PromotionRate {
  runs: number;
  promoted: number;
  rate: number;
}

/** Share of `runs` seeded outcomes (seeds 1..runs, offset by `firstSeed`) that promote. */
export function promotionRate(runs: number, outcome: (seed: number) => PromotionOutcome, firstSeed = 1): PromotionRate {
  let promoted = 0;
  for (let seed = firstSeed; seed < firstSeed + runs; seed++) if (outcome(seed).promoted) promoted++;
  return { runs, promoted, rate: promoted / runs };
}
