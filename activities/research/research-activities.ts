import { Context } from '@temporalio/activity';
import { periodsPerYear } from '../../domain/backtest/periods-per-year';
import type { CandleSeries } from '../../domain/backtest/candle-series';
import {
  detectRegimeChange, evaluateTrial, probabilityOfBacktestOverfitting, recordedSelection, winnerDeflatedSharpe,
  type BacktestOverfitting, type BacktestSettings, type BarRange, type DeflatedSharpe, type RegimeChange, type RegimeChangeConfig, type Selection,
} from '../../domain/research';
import { findStrategy, STRATEGY_NAMES } from '../../domain/strategies';
import type { DatabaseHandle } from '../../infra/db/client';
import { backtestRunsOf, insertBacktestRuns } from '../../infra/db/queries/research';
import type { Dataset, DatasetSummary, EvaluateTrialsInput, TrialSummary } from '../../workflows/definitions/research';
import { badInput } from '../broker/broker-failure';
import { createDatasetCache, type AlignedDataset } from './dataset-cache';

export interface ResearchActivityDeps {
  database: DatabaseHandle;
}

/** The account every research backtest sizes against: results are returns, so only the sizing rule matters. */
export const RESEARCH_BACKTEST = { accountCurrency: 'USD', initialEquityAccount: 100_000, riskFraction: 0.01, commissionBps: 0.2, slippagePips: 0.1 } as const;

export interface RegimeInput {
  dataset: Dataset;
  reference: BarRange;
  recent: BarRange;
  config: RegimeChangeConfig;
}

export interface OverfittingGuardInput {
  runId: string;
  winnerKey: string;
  selection: Selection;
  /** Blocks of the combinatorial split for the probability of backtest overfitting. */
  blocks: number;
}

export interface OverfittingGuard {
  deflatedSharpe: DeflatedSharpe;
  backtestOverfitting: BacktestOverfitting | null;
  /** The input's selection with what the stored records add: the independent trials and the winner's estimate on them. */
  selection: Selection;
  winner: { score: number; trades: number; maxDrawdown: number; periodReturns: number[] };
}

/** Equal-weight mean of the instruments' mid-close returns on bars [range.start + 1, range.end). */
function portfolioBarReturns(dataset: AlignedDataset, range: BarRange): number[] {
  const series = Object.values(dataset);
  const midClose = (s: CandleSeries, i: number): number => (s.bidClose[i]! + s.askClose[i]!) / 2;
  const returns: number[] = [];
  for (let i = range.start + 1; i < range.end; i++) {
    returns.push(series.reduce((total, s) => total + midClose(s, i) / midClose(s, i - 1) - 1, 0) / series.length);
  }
  return returns;
}

export type ResearchActivities = ReturnType<typeof createResearchActivities>;

export function createResearchActivities(deps: ResearchActivityDeps) {
  const datasets = createDatasetCache(deps.database.db);

  async function load(dataset: Dataset): Promise<AlignedDataset> {
    const aligned = await datasets.get(dataset);
    const bars = Object.values(aligned)[0]?.length ?? 0;
    if (bars < 2) {
      throw badInput('NO_CANDLES', `only ${bars} aligned ${dataset.granularity} candles of ${dataset.instruments.join(', ')} between ${new Date(dataset.fromMs).toISOString()} and ${new Date(dataset.toMs).toISOString()} in the candles cache`);
    }
    return aligned;
  }

  return {
    /** How many aligned bars the dataset has (fold and window indices count these). */
    async describeDataset({ dataset, sinceMs }: { dataset: Dataset; sinceMs?: number }): Promise<DatasetSummary> {
      const first = Object.values(await load(dataset))[0]!;
      const summary: DatasetSummary = { bars: first.length, firstTimeMs: first.timeMs[0]!, lastTimeMs: first.timeMs[first.length - 1]! };
      if (sinceMs !== undefined) summary.barsSince = first.timeMs.filter((time) => time >= sinceMs).length;
      return summary;
    },

    /**
     * Evaluates a batch of candidates (one trial each), heartbeating after every one, and stores every trial in
     * backtest_runs; only the figures the workflow decides on travel back.
     */
    async evaluateTrials(input: EvaluateTrialsInput): Promise<TrialSummary[]> {
      const strategy = findStrategy(input.strategy);
      if (!strategy) throw badInput('UNKNOWN_STRATEGY', `unknown strategy "${input.strategy}"; known strategies: ${STRATEGY_NAMES.join(', ')}`);
      const seriesByInstrument = await load(input.dataset);
      const backtest: BacktestSettings = { ...RESEARCH_BACKTEST, periodsPerYear: periodsPerYear(input.dataset.granularity) };
      const context = Context.current();
      const summaries: TrialSummary[] = [];
      const periodReturnsByTrial: number[][] = [];
      for (const candidate of input.candidates) {
        const evaluation = evaluateTrial({
          seriesByInstrument, strategy, params: candidate.params, folds: input.folds, backtest,
          objective: input.objective, constraints: input.constraints, periodBars: input.periodBars,
        });
        const violations = evaluation.violations.map((v) => v.message);
        periodReturnsByTrial.push(evaluation.periodReturns);
        summaries.push({
          key: candidate.key, score: evaluation.score, feasible: evaluation.feasible, periodSharpe: evaluation.periodSharpe,
          trades: evaluation.trades, maxDrawdown: evaluation.maxDrawdown, violations,
          ...(input.includePeriodReturns && { periodReturns: evaluation.periodReturns }),
        });
        context.heartbeat({ evaluated: summaries.length, of: input.candidates.length });
      }
      const first = Object.values(seriesByInstrument)[0]!;
      await insertBacktestRuns(deps.database.db, summaries.map((summary, i) => ({
        runId: input.runId,
        purpose: input.purpose,
        trialKey: summary.key,
        strategy: input.strategy,
        params: input.candidates[i]!.params,
        instruments: input.dataset.instruments,
        granularity: input.dataset.granularity,
        periodStart: new Date(first.timeMs[0]!),
        periodEnd: new Date(first.timeMs[first.length - 1]!),
        objective: input.objective,
        score: summary.score,
        feasible: summary.feasible,
        trades: summary.trades,
        maxDrawdown: summary.maxDrawdown,
        violations: summary.violations,
        metrics: { periodSharpe: summary.periodSharpe, periodBars: input.periodBars, folds: input.folds, periodReturns: periodReturnsByTrial[i] },
      })));
      return summaries;
    },

    /** Has the market changed character between the reference and the recent bars (portfolio mid returns)? */
    async analyzeRegime(input: RegimeInput): Promise<RegimeChange> {
      const aligned = await load(input.dataset);
      return detectRegimeChange(portfolioBarReturns(aligned, input.recent), portfolioBarReturns(aligned, input.reference), input.config);
    },

    /**
     * The winner's deflated Sharpe ratio (for the trials counted as independent) and, over every stored trial of the
     * run, the probability of backtest overfitting: computed here from backtest_runs so that no trial's returns pass
     * through workflow history.
     */
    async overfittingGuard(input: OverfittingGuardInput): Promise<OverfittingGuard> {
      const runs = await backtestRunsOf(deps.database.db, input.runId);
      const returnsOf = (metrics: Record<string, unknown>): number[] => (Array.isArray(metrics.periodReturns) ? (metrics.periodReturns as number[]) : []);
      const winner = runs.find((run) => run.trialKey === input.winnerKey);
      if (!winner) throw badInput('UNKNOWN_TRIAL', `run ${input.runId} stored no trial ${input.winnerKey}`);
      const winnerReturns = returnsOf(winner.metrics);
      const trialReturns = runs.map((run) => returnsOf(run.metrics)).filter((returns) => returns.length === winnerReturns.length);
      let backtestOverfitting: BacktestOverfitting | null = null;
      if (trialReturns.length >= 2 && winnerReturns.length >= 2 * input.blocks) backtestOverfitting = probabilityOfBacktestOverfitting(trialReturns, input.blocks);
      const selection = recordedSelection(input.selection, trialReturns, winnerReturns);
      return {
        deflatedSharpe: winnerDeflatedSharpe(winnerReturns, selection),
        backtestOverfitting,
        selection,
        winner: { score: winner.score ?? 0, trades: winner.trades ?? 0, maxDrawdown: winner.maxDrawdown ?? 0, periodReturns: winnerReturns },
      };
    },
  };
}
