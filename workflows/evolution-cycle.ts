import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { periodsPerYear } from '../domain/backtest/periods-per-year';
import { granularityMs } from '../domain/market';
import {
  createSearch, generateHypotheses, promotionDecision, rankTrials, sandboxWindows, searchProgress, selectCandidate, shouldRollBack, walkForwardFolds,
  type Fold, type GateEvidence, type Hypothesis, type RealizedPerformance, type RegimeChange, type RollbackDecision, type Selection,
} from '../domain/research';
import { getStrategy, type ParameterValues } from '../domain/strategies';
import type { VersionLiveRecord } from '../activities/research/live-record-activities';
import type { StoredVersion } from '../activities/research/strategy-version-activities';
import { statusQuery } from './definitions/control';
import type { EvolutionCycleInput, EvolutionCycleResult, EvolutionDecisionKind, HypothesisOutcome, SandboxExpectation } from './definitions/evolution-cycle';
import { periodBarsFor, type Dataset, type EvaluateTrialsInput, type TrialSummary } from './definitions/research';
import { candleHistoryActivities, liveRecordActivities, researchActivities, strategyVersionActivities } from './research-activity-proxies';
import { evaluateInParallel, promotionConfig, searchSampling, searchStep } from './research-steps';

const PARALLELISM = 2;
const REOPTIMIZATION_BATCH = 10;
const REOPTIMIZATION_WALK_FORWARD = { folds: 2, inSampleFraction: 0.7 };
/** Cycles that ran before the live record existed replay without it. */
const LIVE_RECORD_PATCH = 'evolution-live-record';
/**
 * Cycles that ran before the selection window ranked and gated their hypotheses on the same evaluation window, with
 * the legacy paired test and no deflation for the choice.
 */
const SELECTION_HOLDOUT_PATCH = 'evolution-selection-holdout';

type Stage = 'reading_versions' | 'loading_data' | 'analyzing_live_record' | 'checking_last_promotion' | 'generating' | 'sandbox_testing' | 'deciding' | 'recording' | 'done';

const gateEvidence = (summary: TrialSummary): GateEvidence => ({ score: summary.score, periodReturns: summary.periodReturns!, trades: summary.trades, maxDrawdown: summary.maxDrawdown });

type Candidate = { hypothesis: Hypothesis; params: ParameterValues };
/** The hypothesis to gate, judged (with the active version) on the evaluation window; or why none goes to the gate. */
type Tested = { challenger: Candidate; judged: TrialSummary; incumbent: TrialSummary; selection?: Selection } | { keep: string };

/**
 * One generation of the strategy's evolution: analyse the active version's record with real money (its fills since
 * activation), hold the last promotion to its sandbox expectation on that record and on a backtest since
 * activation (roll back when either fell short), generate hypotheses around the active version, rank them on bars
 * none of them was derived from, test the chosen one against the active version on later bars its choice never saw,
 * and promote it only through the promotion gate, deflated for the number of hypotheses it beat; every hypothesis
 * and the reason for the decision are recorded as an evolution_generations row.
 */
export async function evolutionCycle(input: EvolutionCycleInput): Promise<EvolutionCycleResult> {
  const { workflowId, runId } = workflowInfo();
  const startedAtMs = Date.now();
  const research = researchActivities();
  const versions = strategyVersionActivities();
  const status: { stage: Stage } = { stage: 'reading_versions' };
  setHandler(statusQuery<{ stage: Stage }>(), () => status);
  const strategy = getStrategy(input.strategy);

  const { active, previousActive } = await versions.readStrategyVersions({ strategy: input.strategy });
  const activeParams: ParameterValues = active?.params ?? strategy.defaults;
  const result: EvolutionCycleResult = { strategy: input.strategy, decision: 'keep', reason: '', hypotheses: [], ...(active && { activeVersionBefore: active.version, activeVersionAfter: active.version }) };

  const finish = async (decision: EvolutionDecisionKind, reason: string, activeVersionAfter?: number): Promise<EvolutionCycleResult> => {
    status.stage = 'recording';
    Object.assign(result, { decision, reason }, activeVersionAfter !== undefined && { activeVersionAfter });
    await versions.recordGeneration({
      strategy: input.strategy, workflowId, runId,
      activeVersionBefore: result.activeVersionBefore ?? null,
      activeVersionAfter: result.activeVersionAfter ?? null,
      decision, reason,
      regime: { ...result.regime },
      hypotheses: result.hypotheses.map((h) => ({ ...h })),
      metrics: {
        ...(result.liveRecord && { liveRecord: result.liveRecord }), incumbent: result.incumbent ?? null, gate: result.gate ?? null, rollbackCheck: result.rollbackCheck ?? null,
        ...(result.windows && { windows: result.windows }), ...(result.challenger && { challenger: result.challenger }),
      },
      startedAtMs,
    });
    status.stage = 'done';
    return result;
  };

  status.stage = 'loading_data';
  const periodMs = granularityMs(input.granularity);
  // Bars that started before the current one: the current bar is not complete yet.
  const toMs = Math.floor(Date.now() / periodMs) * periodMs;
  const dataset: Dataset = { instruments: input.instruments, granularity: input.granularity, fromMs: toMs - input.lookbackBars * periodMs, toMs };
  if (input.downloadCandles) await candleHistoryActivities().loadCandleHistory({ dataset });
  const summary = await research.describeDataset({ dataset, ...(active?.activatedAtMs !== undefined && { sinceMs: active.activatedAtMs }) });
  const periodBars = periodBarsFor(input.granularity);
  // What the active version's promotion expected of it: a cycle's sandbox test or an auto-deployed optimization's
  // out-of-sample result (none when a person activated it).
  const promised = active?.metrics.sandbox as SandboxExpectation | undefined;
  if (active?.activatedAtMs !== undefined && patched(LIVE_RECORD_PATCH)) {
    status.stage = 'analyzing_live_record';
    result.liveRecord = await liveRecordActivities().analyzeLiveRecord({
      strategy: input.strategy, version: active.version, fromMs: active.activatedAtMs, toMs: Date.now(), periodMs: periodBars * periodMs, objective: promised?.objective ?? input.objective,
    });
  }
  const base: Omit<EvaluateTrialsInput, 'candidates' | 'folds'> = {
    runId: workflowId, purpose: 'evolution', strategy: input.strategy, dataset, objective: input.objective,
    constraints: { minTrades: input.gate.minTrades, maxDrawdown: input.gate.maxDrawdown }, periodBars,
  };

  const rollbackCheck = active && promised ? await checkLastPromotion(active, promised, summary.bars, summary.barsSince ?? 0, result.liveRecord) : undefined;
  if (rollbackCheck) result.rollbackCheck = rollbackCheck;
  if (rollbackCheck?.rollBack && previousActive) {
    const activation = await versions.promoteVersion({
      strategy: input.strategy, target: { version: previousActive.version }, action: 'strategy.rollback',
      reason: `evolution ${workflowId}: version ${active!.version} fell short of its sandbox expectation`, workflowId, details: { reasons: rollbackCheck.reasons },
    });
    return finish('rollback', `rolled back from version ${active!.version} to ${activation.version}: ${rollbackCheck.reasons.filter((r) => r.includes(': roll back:')).join('; ')}`, activation.version);
  }

  status.stage = 'generating';
  const withSelection = patched(SELECTION_HOLDOUT_PATCH);
  const windows = sandboxWindows({ barCount: summary.bars, evaluationBars: input.evaluationBars, warmupBars: strategy.warmupBars(activeParams), withSelection });
  if (windows.selection) result.windows = { generation: windows.generation, selection: windows.selection.range, evaluation: windows.evaluation };
  const recentBars = Math.min(input.evaluationBars, Math.floor(windows.generation.end / 2));
  const regime: RegimeChange = await research.analyzeRegime({
    dataset, reference: { start: 0, end: windows.generation.end - recentBars }, recent: { start: windows.generation.end - recentBars, end: windows.generation.end }, config: input.regime,
  });
  result.regime = regime;
  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  const sampling = searchSampling();
  const hypotheses = generateHypotheses({
    strategy: input.strategy, active: { version: active?.version ?? 0, params: activeParams },
    ...(previousActive && { previousActive: { version: previousActive.version, params: previousActive.params } }),
    regimeChanged: regime.changed, seed, count: input.mutations, mutationScale: input.mutationScale, scales: sampling.scales,
  });
  const candidates = await Promise.all(hypotheses.map(async (h) => ({ hypothesis: h, params: h.kind === 'reoptimization' ? await reoptimize(windows.generation.end, seed) : h.params })));

  status.stage = 'sandbox_testing';
  const tested = windows.selection ? await chooseThenJudge(candidates, windows.selection.fold) : await judgeAll(candidates);
  if (tested === undefined) return finish('keep', 'no hypothesis could be generated around the active version');
  if ('keep' in tested) return finish('keep', tested.keep);

  status.stage = 'deciding';
  const { challenger, judged, incumbent, selection } = tested;
  const decision = promotionDecision({
    incumbent: gateEvidence(incumbent), challenger: { ...gateEvidence(judged), ...(selection && { selection }) }, config: promotionConfig(input.gate, windows.selection ? 'student-t' : 'legacy-normal'),
  });
  result.gate = { ...decision, challenger: challenger.hypothesis.id };
  if (!decision.promote) {
    return finish('keep', `kept version ${active?.version ?? 'defaults'}; best hypothesis ${challenger.hypothesis.id} ${decision.reasons.filter((r) => r.startsWith('fail')).join('; ')}`);
  }
  const expectation: SandboxExpectation = { objective: input.objective, score: judged.score, maxDrawdown: judged.maxDrawdown, trades: judged.trades, promotedBy: workflowId };
  const isRollback = challenger.hypothesis.kind === 'rollback';
  const activation = await versions.promoteVersion({
    strategy: input.strategy,
    target: challenger.hypothesis.kind === 'rollback'
      ? { version: challenger.hypothesis.version }
      : { params: challenger.params, metrics: { sandbox: expectation, hypothesis: challenger.hypothesis.id, gate: decision.statistics }, reason: `evolution ${workflowId}: hypothesis ${challenger.hypothesis.id}` },
    action: isRollback ? 'strategy.rollback' : 'strategy.promote',
    reason: `evolution ${workflowId}: ${challenger.hypothesis.id} passed the promotion gate`,
    workflowId,
    details: { reasons: decision.reasons },
  });
  return finish(isRollback ? 'rollback' : 'promote', `${isRollback ? 'returned to' : 'promoted'} version ${activation.version} (${challenger.hypothesis.id}): ${decision.reasons.join('; ')}`, activation.version);

  function outcomes(tested: readonly Candidate[], summaries: readonly TrialSummary[]): HypothesisOutcome[] {
    return tested.map(({ hypothesis, params }, i) => {
      const { score, feasible, trades, maxDrawdown, violations } = summaries[i]!;
      return { id: hypothesis.id, kind: hypothesis.kind, params, score, feasible, trades, maxDrawdown, violations };
    });
  }

  /**
   * Ranks the hypotheses on the selection window, then tests the chosen one against the active version on the
   * evaluation window, which its choice never saw: what it shows there is not the best of many draws.
   */
  async function chooseThenJudge(tested: readonly Candidate[], selectionFold: Fold): Promise<Tested | undefined> {
    if (tested.length === 0) return undefined;
    const ranked = await evaluateInParallel(research, { ...base, folds: [selectionFold], includePeriodReturns: true },
      tested.map(({ hypothesis, params }) => ({ key: `selection-${hypothesis.id}`, params })), PARALLELISM);
    result.hypotheses = outcomes(tested, ranked);
    const choice = selectCandidate(ranked.map((r) => ({ score: r.score, feasible: r.feasible, periodSharpe: r.periodSharpe, periodReturns: r.periodReturns! })));
    const challenger = tested[choice.index]!;
    if (!ranked[choice.index]!.feasible) {
      return { keep: `kept version ${active?.version ?? 'defaults'}; no hypothesis met the constraints on the selection window (best: ${challenger.hypothesis.id}, ${ranked[choice.index]!.violations.join('; ')})` };
    }
    const [incumbent, judged] = await evaluateInParallel(research, { ...base, folds: [windows.fold], includePeriodReturns: true }, [
      { key: `incumbent-v${active?.version ?? 0}`, params: activeParams },
      { key: `evaluation-${challenger.hypothesis.id}`, params: challenger.params },
    ], PARALLELISM);
    result.incumbent = { score: incumbent!.score, trades: incumbent!.trades, maxDrawdown: incumbent!.maxDrawdown };
    result.challenger = { id: challenger.hypothesis.id, score: judged!.score, trades: judged!.trades, maxDrawdown: judged!.maxDrawdown };
    return { challenger, judged: judged!, incumbent: incumbent!, selection: choice.selection };
  }

  /** How cycles begun before the selection window decided: every hypothesis ranked and judged on the evaluation window. */
  async function judgeAll(tested: readonly Candidate[]): Promise<Tested | undefined> {
    const [incumbent, ...summaries] = await evaluateInParallel(research, { ...base, folds: [windows.fold], includePeriodReturns: true }, [
      { key: `incumbent-v${active?.version ?? 0}`, params: activeParams },
      ...tested.map(({ hypothesis, params }) => ({ key: `hypothesis-${hypothesis.id}`, params })),
    ], PARALLELISM);
    result.incumbent = { score: incumbent!.score, trades: incumbent!.trades, maxDrawdown: incumbent!.maxDrawdown };
    result.hypotheses = outcomes(tested, summaries);
    if (tested.length === 0) return undefined;
    const [best] = rankTrials(summaries.map((summary, id) => ({ id, score: summary.score, feasible: summary.feasible })));
    return { challenger: tested[best!.id]!, judged: summaries[best!.id]!, incumbent: incumbent! };
  }

  /**
   * Was the last promotion (a cycle's or an auto-deployed optimization's) as good as its sandbox test said, on its
   * fills and on a backtest of the bars since its activation? Held to the objective it was promoted on; undefined
   * while there is no record yet.
   */
  async function checkLastPromotion(version: StoredVersion, expected: SandboxExpectation, bars: number, barsSince: number, live: VersionLiveRecord | undefined): Promise<RollbackDecision | undefined> {
    const records: RealizedPerformance[] = [];
    const bySharpe = expected.objective === 'sharpe';
    if (live) {
      records.push({
        source: 'fills', objective: live.objectiveValue, maxDrawdown: live.maxDrawdown, periods: live.scored ? live.periods : 0, trades: live.tradesClosed,
        ...(bySharpe && live.sharpe && { sharpe: { estimate: live.sharpe, periodsPerYear: live.periodsPerYear } }),
      });
    }
    if (barsSince >= 2) {
      status.stage = 'checking_last_promotion';
      const [realized] = await research.evaluateTrials({
        ...base, objective: expected.objective, folds: [{ index: 0, outOfSample: { start: bars - barsSince, end: bars } }],
        candidates: [{ key: `realized-v${version.version}`, params: version.params }],
      });
      const periods = Math.floor(barsSince / periodBars);
      records.push({
        source: 'backtest since activation', objective: realized!.score, maxDrawdown: realized!.maxDrawdown, periods, trades: realized!.trades,
        // The trial reports only its per-period Sharpe: its sampling error is taken as for normal returns.
        ...(bySharpe && { sharpe: { estimate: { sharpe: realized!.periodSharpe, observations: periods, skewness: 0, kurtosis: 3 }, periodsPerYear: periodsPerYear(input.granularity) / periodBars } }),
      });
    }
    if (records.length === 0) return undefined;
    // A run that began before the live record existed judged its backtest alone, on any number of trades.
    const tolerance = live ? input.rollback : { ...input.rollback, minTrades: 0 };
    return shouldRollBack({ promotedExpectation: { objective: expected.score, maxDrawdown: expected.maxDrawdown }, realized: records, tolerance });
  }

  /** A short search on the generation window only, so its winner is still judged out of sample. */
  async function reoptimize(generationEnd: number, searchSeed: number): Promise<ParameterValues> {
    const searchBase = { ...base, folds: walkForwardFolds(generationEnd, REOPTIMIZATION_WALK_FORWARD) };
    let state = createSearch({ kind: 'evolutionary', strategy: input.strategy, budget: input.reoptimizationBudget, seed: searchSeed, ...sampling });
    while (!searchProgress(state).done) state = await searchStep(research, searchBase, state, REOPTIMIZATION_BATCH, PARALLELISM, 'reoptimization-');
    return searchProgress(state).best?.params ?? activeParams;
  }
}
