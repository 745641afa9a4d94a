import { patched } from '@temporalio/workflow';
import { LEGACY_SEARCH_SAMPLING, nextBatch, recordResults, type PairedTest, type PromotionConfig, type SearchState, type TrialOutcome } from '../domain/research';
import type { EvaluateTrialsInput, GateSettings, TrialCandidate, TrialSummary } from './definitions/research';
import type { researchActivities } from './research-activity-proxies';

type Research = ReturnType<typeof researchActivities>;

/**
 * The search sampling of this code (log-scaled periods, an exploring first quarter), or, replaying a run that began
 * before it, the sampling that run used: activity arguments are not compared on replay, so a run whose searches
 * proposed other parameters would silently pin its recorded results on parameters that never earned them.
 */
export function searchSampling(): Partial<typeof LEGACY_SEARCH_SAMPLING> {
  return patched('search-log-scales-and-exploration') ? {} : LEGACY_SEARCH_SAMPLING;
}

/** The batch split into `parallelism` activities evaluated at once; summaries come back in candidate order. */
export async function evaluateInParallel(research: Research, base: Omit<EvaluateTrialsInput, 'candidates'>, candidates: readonly TrialCandidate[], parallelism: number): Promise<TrialSummary[]> {
  const chunkSize = Math.ceil(candidates.length / Math.max(1, parallelism));
  const chunks: TrialCandidate[][] = [];
  for (let i = 0; i < candidates.length; i += chunkSize) chunks.push(candidates.slice(i, i + chunkSize));
  const results = await Promise.all(chunks.map((chunk) => research.evaluateTrials({ ...base, candidates: chunk })));
  return results.flat();
}

/** One ask/tell step of a search: propose a batch, evaluate it, record the results. The state stays plain JSON. */
export async function searchStep(research: Research, base: Omit<EvaluateTrialsInput, 'candidates'>, state: SearchState, batchSize: number, parallelism: number, keyPrefix: string): Promise<SearchState> {
  const batch = nextBatch(state, batchSize);
  if (batch.candidates.length === 0) return batch.state;
  const summaries = await evaluateInParallel(research, base, batch.candidates.map((trial) => ({ key: `${keyPrefix}${trial.id}`, params: trial.params })), parallelism);
  const outcomes = summaries.map((summary, i): TrialOutcome => ({ id: batch.candidates[i]!.id, score: summary.score, feasible: summary.feasible, periodSharpe: summary.periodSharpe }));
  return recordResults(batch.state, outcomes);
}

/** The gate's configuration; a run that began before the Student's t test keeps deciding with the legacy one. */
export function promotionConfig(gate: GateSettings, pairedTest: PairedTest): PromotionConfig {
  return {
    minImprovement: gate.minImprovement,
    minConfidence: gate.minConfidence,
    minTrades: gate.minTrades,
    ...(gate.minPeriods !== undefined && { minPeriods: gate.minPeriods }),
    riskLimits: { maxDrawdown: gate.maxDrawdown, ...(gate.maxPeriodLoss !== undefined && { maxPeriodLoss: gate.maxPeriodLoss }) },
    ...(gate.maxBacktestOverfitting !== undefined && { maxBacktestOverfitting: gate.maxBacktestOverfitting }),
    pairedTest,
  };
}
