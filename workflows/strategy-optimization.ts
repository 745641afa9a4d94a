import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { granularityMs } from '../domain/market';
import { createSearch, promotionDecision, searchProgress, selectionOf, walkForwardFolds, type GateEvidence, type SearchState } from '../domain/research';
import { statusQuery } from './definitions/control';
import type { SandboxExpectation } from './definitions/evolution-cycle';
import { periodBarsFor, type Dataset, type EvaluateTrialsInput } from './definitions/research';
import {
  optimizationProgressQuery,
  type OptimizationCarry, type OptimizationProgress, type StrategyOptimizationInput, type StrategyOptimizationResult,
} from './definitions/strategy-optimization';
import { candleHistoryActivities, researchActivities, strategyVersionActivities } from './research-activity-proxies';
import { evaluateInParallel, promotionConfig, searchSampling, searchStep } from './research-steps';

const trialKey = (id: number): string => `trial-${id}`;
/** Blocks of the combinatorial split behind the probability of backtest overfitting. */
const OVERFITTING_BLOCKS = 8;
/** Runs that began before an auto-deployed winner carried its sandbox expectation replay without it. */
const SANDBOX_EXPECTATION_PATCH = 'optimization-sandbox-expectation';

function resolvePeriod({ period, granularity }: StrategyOptimizationInput): { fromMs: number; toMs: number } {
  if ('fromMs' in period) return period;
  const periodMs = granularityMs(granularity);
  const toMs = Math.floor(Date.now() / periodMs) * periodMs;
  return { fromMs: toMs - period.lastDays * 86_400_000, toMs };
}

/**
 * Walk-forward parameter search: batches of trials evaluated by activities, ranked on out-of-sample performance,
 * continued as new every few batches with the JSON search state; the winner is guarded against overfitting,
 * stored as a candidate version and, with autoDeploy, promoted only through the promotion gate.
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
  if (bars === undefined) {
    if (input.downloadCandles) await candleHistoryActivities().loadCandleHistory({ dataset });
    bars = (await research.describeDataset({ dataset })).bars;
  }
  let state: SearchState = carry?.state ?? createSearch({ kind: input.search, strategy: input.strategy, budget: input.budget, seed: input.seed, ...searchSampling() });
  const base: Omit<EvaluateTrialsInput, 'candidates'> = {
    runId: workflowId, purpose: 'optimization', strategy: input.strategy, dataset, folds: walkForwardFolds(bars, input.walkForward),
    objective: input.objective, constraints: input.constraints, periodBars: periodBarsFor(input.granularity),
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
      return continueAsNew<typeof strategyOptimization>({ ...input, period }, { state, bars, runs: progress.runs + 1 });
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
  const selection = selectionOf(state);
  const guard = await research.overfittingGuard({ runId: workflowId, winnerKey: trialKey(best.id), selection, blocks: OVERFITTING_BLOCKS });
  progress.stage = 'storing';
  const evidence = { objective: input.objective, score: guard.winner.score, trades: guard.winner.trades, maxDrawdown: guard.winner.maxDrawdown };
  // With autoDeploy the next evolution cycle holds the winner to its out-of-sample result, as it does its own promotions.
  const expectation: SandboxExpectation | undefined = input.autoDeploy && patched(SANDBOX_EXPECTATION_PATCH) ? { ...evidence, promotedBy: workflowId } : undefined;
  const { version } = await versions.storeCandidateVersion({
    strategy: input.strategy,
    params: best.params,
    metrics: {
      optimization: { workflowId, trials, search: input.search, walkForward: input.walkForward, ...evidence, deflatedSharpe: guard.deflatedSharpe, backtestOverfitting: guard.backtestOverfitting },
      ...(expectation && { sandbox: expectation }),
    },
    reason: `best out-of-sample ${input.objective} of ${trials} ${input.search} trials`,
    workflowId,
  });
  const result: StrategyOptimizationResult = {
    strategy: input.strategy,
    trials,
    winner: { trialKey: trialKey(best.id), params: best.params, ...evidence, deflatedSharpe: guard.deflatedSharpe, backtestOverfitting: guard.backtestOverfitting, candidateVersion: version },
  };
  if (!input.autoDeploy) {
    progress.stage = 'done';
    return result;
  }

  progress.stage = 'deploying';
  const { active } = await versions.readStrategyVersions({ strategy: input.strategy });
  let incumbent: GateEvidence | null = null;
  if (active) {
    const [summary] = await evaluateInParallel(research, { ...base, includePeriodReturns: true }, [{ key: `incumbent-v${active.version}`, params: active.params }], 1);
    incumbent = { score: summary!.score, periodReturns: summary!.periodReturns!, trades: summary!.trades, maxDrawdown: summary!.maxDrawdown };
  }
  const decision = promotionDecision({
    incumbent,
    challenger: { score: guard.winner.score, periodReturns: guard.winner.periodReturns, trades: guard.winner.trades, maxDrawdown: guard.winner.maxDrawdown, selection },
    config: promotionConfig(input.gate),
  });
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
