import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { and, eq, inArray } from 'drizzle-orm';
import { RESEARCH_BACKTEST } from '../../activities/research/research-activities';
import { periodsPerYear } from '../../domain/backtest/periods-per-year';
import { evaluateTrial, walkForwardFolds } from '../../domain/research';
import { maCrossover, type ParameterValues } from '../../domain/strategies';
import type { DatabaseHandle } from '../../infra/db/client';
import { auditEvents, backtestRuns, strategyParams } from '../../infra/db/schema';
import { strategyOptimization } from '../../workflows';
import { DEFAULT_GATE } from '../../workflows/definitions/research';
import { optimizationProgressQuery, type StrategyOptimizationInput } from '../../workflows/definitions/strategy-optimization';
import type { TestDatabase } from '../helpers/postgres';
import { HOUR_MS, researchTestActivities, seedCandles } from '../helpers/research-fixtures';
import { createTimeSkippingEnv } from '../helpers/time-skipping-env';
import { createTradingDatabase } from '../helpers/trading-database';
import { PLANTED, plantedEdgeSeries } from '../unit/domain/research/planted-edge-series';

const BARS = 2400;
const PLANTED_PARAMS = { averageKind: 'sma', ...PLANTED, atrPeriod: 14, stopAtrMultiple: 3 };
const START_MS = Date.UTC(2025, 0, 6);

const input = (overrides: Partial<StrategyOptimizationInput> = {}): StrategyOptimizationInput => ({
  strategy: 'ma-crossover',
  instruments: ['EUR_USD', 'GBP_USD'],
  granularity: 'H1',
  period: { fromMs: START_MS, toMs: START_MS + BARS * HOUR_MS },
  search: 'evolutionary',
  budget: 160,
  objective: 'sharpe',
  walkForward: { folds: 3, inSampleFraction: 0.6 },
  constraints: { minTrades: 20, maxDrawdown: 0.3 },
  autoDeploy: false,
  seed: 7,
  batchSize: 20,
  parallelism: 2,
  batchesPerRun: 3,
  gate: { ...DEFAULT_GATE, minImprovement: 0.5, minConfidence: 0.95, maxDrawdown: 0.3 },
  downloadCandles: false,
  requestedBy: 'jest',
  ...overrides,
});

const market = {
  EUR_USD: plantedEdgeSeries({ bars: BARS, seed: 1, edge: 0.25 }),
  GBP_USD: plantedEdgeSeries({ bars: BARS, seed: 2, edge: 0.25, startMidPrice: 1.3 }),
};

/** The last 20% of the bars are held out: the search's folds cover the first 80%. */
const SEARCH_BARS = 1920;

/** What the trial activity computes for these parameters on the search's folds, in-process. */
function outOfSampleScore(params: ParameterValues): number {
  const { walkForward, objective, constraints } = input();
  return evaluateTrial({
    seriesByInstrument: market, strategy: maCrossover, params, folds: walkForwardFolds(SEARCH_BARS, walkForward),
    backtest: { ...RESEARCH_BACKTEST, periodsPerYear: periodsPerYear('H1') }, objective, constraints, periodBars: 24,
  }).score;
}

describe('strategyOptimization workflow', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
    ({ testDatabase, database } = await createTradingDatabase('strategy_optimization'));
    // The synthetic market of the domain tests: an SMA(3)/SMA(12) crossover edge planted in both instruments.
    await seedCandles(database.db, 'EUR_USD', market.EUR_USD, START_MS);
    await seedCandles(database.db, 'GBP_USD', market.GBP_USD, START_MS);
  }, 180_000);

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
    await env?.teardown();
  });

  async function run(options: StrategyOptimizationInput) {
    const taskQueue = `optimization-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: researchTestActivities(database) });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(strategyOptimization, { taskQueue, workflowId: `optimization-${randomUUID()}`, args: [options] });
      const result = await handle.result();
      const progress = await handle.query(optimizationProgressQuery);
      const description = await handle.describe();
      return { handle, result, progress, lastRunId: description.runId };
    });
  }

  it('finds the planted parameters across continue-as-new runs, keeps every trial, and deploys the winner through the gate', async () => {
    const { handle, result, progress, lastRunId } = await run(input({ autoDeploy: true }));

    // 8 batches of 20 at 3 batches per run: two continue-as-new hand-overs, no result lost.
    expect(lastRunId).not.toBe(handle.firstExecutionRunId);
    expect(progress).toMatchObject({ stage: 'done', budget: 160, trialsDone: 160, runs: 2 });
    expect(result.trials).toBe(160);
    const stored = await database.db.select({ trialKey: backtestRuns.trialKey, purpose: backtestRuns.purpose, metrics: backtestRuns.metrics }).from(backtestRuns).where(eq(backtestRuns.runId, handle.workflowId));
    const trialRows = stored.filter((row) => row.trialKey.startsWith('trial-'));
    expect(trialRows.map((row) => row.trialKey).sort()).toEqual(Array.from({ length: 160 }, (_, i) => `trial-${i}`).sort());
    expect(stored.every((row) => row.purpose === 'optimization')).toBe(true);
    // Every run of the search, before and after continue-as-new, used the same folds, all before the holdout.
    const searchFolds = walkForwardFolds(SEARCH_BARS, input().walkForward);
    expect(trialRows.map((row) => row.metrics.folds)).toEqual(trialRows.map(() => searchFolds));

    // With trading costs the best rule trades a little slower than the planted SMA(3)/SMA(12), and earns nearly as much.
    const winner = result.winner!;
    expect(winner.params.averageKind).toBe('sma');
    expect(Math.abs((winner.params.fastPeriod as number) - PLANTED.fastPeriod)).toBeLessThanOrEqual(2);
    expect(Math.abs((winner.params.slowPeriod as number) - PLANTED.slowPeriod)).toBeLessThanOrEqual(3);
    expect(winner.score).toBeGreaterThan(0.8 * outOfSampleScore(PLANTED_PARAMS));
    // The first, random, batch earns less than half as much at its median.
    const firstBatch = await database.db.select({ score: backtestRuns.score }).from(backtestRuns)
      .where(and(eq(backtestRuns.runId, handle.workflowId), inArray(backtestRuns.trialKey, Array.from({ length: 20 }, (_, i) => `trial-${i}`))));
    const firstScores = firstBatch.map((row) => row.score!).sort((a, b) => a - b);
    expect(firstScores).toHaveLength(20);
    expect(firstScores[10]!).toBeLessThan(winner.score / 2);
    expect(progress.best).toMatchObject({ trialKey: winner.trialKey, score: winner.score, feasible: true });
    expect(winner.deflatedSharpe.trials).toBe(160);
    // An evolutionary search breeds near-duplicates: far fewer of its trials are independent draws of luck.
    expect(winner.deflatedSharpe.effectiveTrials).toBeGreaterThan(1);
    expect(winner.deflatedSharpe.effectiveTrials).toBeLessThan(160);
    expect(winner.deflatedSharpe.probability).toBeGreaterThan(0.95);
    expect(winner.backtestOverfitting!.probability).toBeLessThan(0.5);
    // Then judged on the 20 days after the search's bars, which no trial saw.
    expect(winner.holdout).toMatchObject({ bars: { start: SEARCH_BARS, end: BARS }, periods: 20 });

    // No version was active: the winner's holdout record is compared with staying flat, passes, and becomes the active version.
    expect(result.deployment).toMatchObject({ promoted: true, activeVersion: winner.candidateVersion });
    const { decision } = result.deployment!;
    expect(decision.reasons.filter((reason) => reason.startsWith('fail'))).toEqual([]);
    expect(decision.statistics).toMatchObject({ periods: 20, pairedDegreesOfFreedom: 19, improvement: winner.holdout!.score, backtestOverfitting: winner.backtestOverfitting!.probability });
    expect(decision.reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^pass: deflated Sharpe probability \d\.\d{3} \(\d\.\d{3} before deflating for 160 trials, \d+\.\d independent, on the periods it was chosen on\) reaches 0\.95$/),
      expect.stringMatching(/^pass: probability of backtest overfitting 0\.\d{3} within the ceiling of 0\.5$/),
    ]));
    const [version] = await database.db.select().from(strategyParams).where(and(eq(strategyParams.strategy, 'ma-crossover'), eq(strategyParams.version, winner.candidateVersion)));
    expect(version).toMatchObject({ status: 'active', params: winner.params, createdBy: `workflow:${handle.workflowId}` });
    // What the next evolution cycle will hold the deployed winner to: its holdout record, not the best of 160.
    const { holdout } = winner;
    expect(version!.metrics).toMatchObject({
      sandbox: { objective: 'sharpe', score: holdout!.score, trades: holdout!.trades, maxDrawdown: holdout!.maxDrawdown, promotedBy: handle.workflowId },
      optimization: { score: winner.score, holdout },
    });
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.workflowId, handle.workflowId));
    expect(audits.map((event) => [event.action, event.subjectId])).toEqual([['strategy.promote', `ma-crossover@${winner.candidateVersion}`]]);
  }, 300_000);

  it('stores the winner of a grid search as a candidate only when autoDeploy is off', async () => {
    const { handle, result } = await run(input({ search: 'grid', budget: 24, batchSize: 8, batchesPerRun: 10 }));
    expect(result.trials).toBe(24);
    expect(result.deployment).toBeUndefined();
    const [version] = await database.db.select().from(strategyParams).where(eq(strategyParams.createdBy, `workflow:${handle.workflowId}`));
    expect(version).toMatchObject({ status: 'candidate', version: result.winner!.candidateVersion, params: result.winner!.params });
    expect(version!.metrics).not.toHaveProperty('sandbox');
    const stored = await database.db.select().from(backtestRuns).where(eq(backtestRuns.runId, handle.workflowId));
    const trials = stored.filter((row) => row.trialKey.startsWith('trial-'));
    expect(trials).toHaveLength(24);
    const best = trials.filter((row) => row.feasible).reduce((a, b) => (a.score! >= b.score! ? a : b));
    expect(best.params).toEqual(result.winner!.params);
    // Every trial, and the winner once more on the holdout.
    expect(stored.filter((row) => !row.trialKey.startsWith('trial-')).map((row) => row.trialKey)).toEqual([`holdout-${result.winner!.trialKey}`]);
  }, 120_000);
});
