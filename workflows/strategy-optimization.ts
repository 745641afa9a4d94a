import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { granularityMs } from '../domain/market';
import { createSearch, finalHoldout, promotionDecision, searchProgress, selectionOf, walkForwardFolds, type BarRange, type GateEvidence, type SearchState } from '../domain/research';
import type { ParameterValues } from '../domain/strategies';
import { statusQuery } from './definitions/control';
import type { SandboxExpectation } from './definitions/evolution-cycle';
import { periodBarsFor, type Dataset, type EvaluateTrialsInput } from './definitions/research';
import {
  DEFAULT_HOLDOUT_FRACTION, optimizationProgressQuery,
  type HoldoutResult, type OptimizationCarry, type OptimizationProgress, type StrategyOptimizationInput, type StrategyOptimizationResult,
} from './definitions/strategy-optimization';
import { candleHistoryActivities, researchActivities, strategyVersionActivities } from './research-activity-proxies';
import { evaluateInParallel, promotionConfig, searchSampling, searchStep } from './research-steps';

const trialKey = (id: number): string => `trial-${id}`;
/** Blocks of the combinatorial split behind the probability of backtest overfitting. */
const OVERFITTING_BLOCKS = 8;
/** Runs that began before an auto-deployed winner carried its sandbox expectation replay without it. */
const SANDBOX_EXPECTATION_PATCH = 'optimization-sandbox-expectation';
/**
 * Runs that began before the final holdout search every bar, report and gate the winner on its own folds, and
 * deflate for every trial with the legacy paired test.
 */
const FINAL_HOLDOUT_PATCH = 'optimization-final-holdout';

function resolvePeriod({ period, granularity }: StrategyOptimizationInput): { fromMs: number; toMs: number } {
  if ('fromMs' in period) return period;
  const periodMs = granularityMs(granularity);
  const toMs = Math.floor(Date.now() / periodMs) * periodMs;
  return { fromMs: toMs - period.lastDays * 86_400_000, toMs };
}

/**
 * Walk-forward parameter search: batches of trials evaluated by activities, ranked on out-of-sample performance,
 * continued as new every few batches with the JSON search state; the winner is guarded against overfitting, judged
 * on a final holdout the search never saw, stored as a candidate version with those figures and, with autoDeploy,
 * promoted only through the promotion gate.
 */
export async function strategyOptimization(input: StrategyOptimizationInput, carry?: OptimizationCarry): Promise<StrategyOptimizationResult> {
  const { workflowId } = workflowInfo();
  const research = researchActivities();
  const versions = strategyVersionActivities();
  const period = resolvePeriod(input);
  const dataset: Dataset = { instruments: input.instruments, granularity: input.granularity, ...period };
  const progress: OptimizationProgress = { stage: carry ? 'searching' : 'loading_data', budget: input.budget, trialsDone: 0, runs: carry?.runs ?? 0 };
  setHandler(optimizationProgressQuery, () => progress);
  setHandler(statusQuery<{ stage: string }>(), () => ({ stage: progress.stage }));

  let bars = carry?.bars;
  // Decided once, in the first run, and carried: a search must not change its folds halfway.
  let holdoutBars = carry?.holdoutBars;
  if (bars === undefined) {
    if (input.downloadCandles) await candleHistoryActivities().loadCandleHistory({ dataset });
    bars = (await research.describeDataset({ dataset })).bars;
    if (patched(FINAL_HOLDOUT_PATCH)) holdoutBars = bars - finalHoldout(bars, input.holdoutFraction ?? DEFAULT_HOLDOUT_FRACTION).searchBars;
  }
  const holdout: BarRange | undefined = holdoutBars === undefined ? undefined : { start: bars - holdoutBars, end: bars };
  let state: SearchState = carry?.state ?? createSearch({ kind: input.search, strategy: input.strategy, budget: input.budget, seed: input.seed, ...searchSampling() });
  const base: Omit<EvaluateTrialsInput, 'candidates'> = {
    runId: workflowId, purpose: 'optimization', strategy: input.strategy, dataset, folds: walkForwardFolds(holdout?.start ?? bars, input.walkForward),
    objective: input.objective, constraints: input.constraints, periodBars: periodBarsFor(input.granularity),
  };
  /** Evaluates one version on the holdout, returning the gate's evidence and the record's figures. */
  const onHoldout = async (key: string, params: ParameterValues, range: BarRange): Promise<{ evidence: GateEvidence; figures: HoldoutResult }> => {
    const [summary] = await research.evaluateTrials({ ...base, folds: [{ index: 0, outOfSample: range }], includePeriodReturns: true, candidates: [{ key, params }] });
    const periodReturns = summary!.periodReturns!;
    return {
      evidence: { score: summary!.score, periodReturns, trades: summary!.trades, maxDrawdown: summary!.maxDrawdown },
      figures: { bars: range, periods: periodReturns.length, score: summary!.score, trades: summary!.trades, maxDrawdown: summary!.maxDrawdown },
    };
  };
  const showProgress = (): void => {
    const { completed, best } = searchProgress(state);
    progress.trialsDone = completed;
    if (best) progress.best = { trialKey: trialKey(best.id), params: best.params, score: best.score, feasible: best.feasible };
  };
  showProgress();

  progress.stage = 'searching';
  for (let batches = 0; !searchProgress(state).done; batches++) {
    if (batches >= input.batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      // The resolved period goes along, so a relative one ("the last 365 days") stays the same range.
      return continueAsNew<typeof strategyOptimization>({ ...input, period }, { state, bars, runs: progress.runs + 1, ...(holdoutBars !== undefined && { holdoutBars }) });
    }
    state = await searchStep(research, base, state, input.batchSize, input.parallelism, 'trial-');
    showProgress();
  }

  const best = searchProgress(state).best;
  const trials = searchProgress(state).completed;
  if (!best || !best.feasible) {
    progress.stage = 'done';
    return { strategy: input.strategy, trials, noWinnerReason: best ? `no trial met the constraints; the best scored ${best.score.toFixed(3)}` : 'no trial completed' };
  }

  progress.stage = 'guarding';
  const guard = await research.overfittingGuard({ runId: workflowId, winnerKey: trialKey(best.id), selection: selectionOf(state), blocks: OVERFITTING_BLOCKS });
  let winnerOnHoldout: Awaited<ReturnType<typeof onHoldout>> | undefined;
  if (holdout) {
    progress.stage = 'holding_out';
    winnerOnHoldout = await onHoldout(`holdout-${trialKey(best.id)}`, best.params, holdout);
  }
  progress.stage = 'storing';
  const evidence = { objective: input.objective, score: guard.winner.score, trades: guard.winner.trades, maxDrawdown: guard.winner.maxDrawdown };
  // With autoDeploy the next evolution cycle holds the winner to its result on bars it was not chosen on, as it does
  // its own promotions (runs from before the holdout had only the folds it won on).
  const judged = winnerOnHoldout?.figures ?? guard.winner;
  const expectation: SandboxExpectation | undefined = input.autoDeploy && patched(SANDBOX_EXPECTATION_PATCH)
    ? { objective: input.objective, score: judged.score, trades: judged.trades, maxDrawdown: judged.maxDrawdown, promotedBy: workflowId }
    : undefined;
  const onHoldoutFigures = winnerOnHoldout && { holdout: winnerOnHoldout.figures };
  const { version } = await versions.storeCandidateVersion({
    strategy: input.strategy,
    params: best.params,
    metrics: {
      optimization: { workflowId, trials, search: input.search, walkForward: input.walkForward, ...evidence, ...onHoldoutFigures, deflatedSharpe: guard.deflatedSharpe, backtestOverfitting: guard.backtestOverfitting },
      ...(expectation && { sandbox: expectation }),
    },
    reason: `best out-of-sample ${input.objective} of ${trials} ${input.search} trials${winnerOnHoldout ? `, ${winnerOnHoldout.figures.score.toFixed(3)} on the final holdout` : ''}`,
    workflowId,
  });
  const result: StrategyOptimizationResult = {
    strategy: input.strategy,
    trials,
    winner: { trialKey: trialKey(best.id), params: best.params, ...evidence, ...onHoldoutFigures, deflatedSharpe: guard.deflatedSharpe, backtestOverfitting: guard.backtestOverfitting, candidateVersion: version },
  };
  if (!input.autoDeploy) {
    progress.stage = 'done';
    return result;
  }

  progress.stage = 'deploying';
  const { active } = await versions.readStrategyVersions({ strategy: input.strategy });
  let incumbent: GateEvidence | null = null;
  if (active && holdout) {
    incumbent = (await onHoldout(`holdout-incumbent-v${active.version}`, active.params, holdout)).evidence;
  } else if (active) {
    const [summary] = await evaluateInParallel(research, { ...base, includePeriodReturns: true }, [{ key: `incumbent-v${active.version}`, params: active.params }], 1);
    incumbent = { score: summary!.score, periodReturns: summary!.periodReturns!, trades: summary!.trades, maxDrawdown: summary!.maxDrawdown };
  }
  const challenger: GateEvidence = winnerOnHoldout
    ? { ...winnerOnHoldout.evidence, selection: guard.selection, ...(guard.backtestOverfitting && { backtestOverfitting: guard.backtestOverfitting.probability }) }
    : { score: guard.winner.score, periodReturns: guard.winner.periodReturns, trades: guard.winner.trades, maxDrawdown: guard.winner.maxDrawdown, selection: selectionOf(state) };
  const decision = promotionDecision({ incumbent, challenger, config: promotionConfig(input.gate, winnerOnHoldout ? 'student-t' : 'legacy-normal') });
  result.deployment = { promoted: false, decision, ...(active && { activeVersion: active.version }) };
  if (decision.promote) {
    const activation = await versions.promoteVersion({
      strategy: input.strategy,
      target: { version },
      action: 'strategy.promote',
      reason: `optimization ${workflowId}: winner passed the promotion gate`,
      workflowId,
      details: { reasons: decision.reasons },
    });
    result.deployment = { promoted: true, activeVersion: activation.version, decision };
  }
  progress.stage = 'done';
  return result;
}
