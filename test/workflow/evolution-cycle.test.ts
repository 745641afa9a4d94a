import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import type { CandleSeries } from '../../domain/backtest/candle-series';
import { maCrossover } from '../../domain/strategies';
import type { DatabaseHandle } from '../../infra/db/client';
import { activateStrategyVersion } from '../../infra/db/queries/strategy-versions';
import { auditEvents, evolutionGenerations, strategyParams } from '../../infra/db/schema';
import { evolutionCycle, strategyOptimization } from '../../workflows';
import type { EvolutionCycleInput, EvolutionCycleResult } from '../../workflows/definitions/evolution-cycle';
import { DEFAULT_OPTIMIZATION_SETTINGS } from '../../workflows/definitions/strategy-optimization';
import type { TestDatabase } from '../helpers/postgres';
import { concatenateSeries, HOUR_MS, researchTestActivities, seedCandles } from '../helpers/research-fixtures';
import { tradeRecorder } from '../helpers/recorded-trades';
import { createTimeSkippingEnv } from '../helpers/time-skipping-env';
import { createTradingDatabase } from '../helpers/trading-database';
import { PLANTED, plantedEdgeSeries } from '../unit/domain/research/planted-edge-series';

const LOOKBACK_BARS = 2880;
const EVALUATION_BARS = 960;
/** Bars seeded after "now", for cycles run after skipped time. */
const FUTURE_BARS = 96;
const STRATEGY = 'ma-crossover';
/** The market "changed" on any drift shift: the cycle then re-optimizes on the generation window. */
const REGIME_CHANGED = { maxVolatilityRatio: 1.5, maxDriftShiftZ: 0 };
const REGIME_STEADY = { maxVolatilityRatio: 100, maxDriftShiftZ: 1000 };

const cycleInput = (overrides: Partial<EvolutionCycleInput> = {}): EvolutionCycleInput => ({
  strategy: STRATEGY,
  instruments: ['EUR_USD', 'GBP_USD'],
  granularity: 'H1',
  lookbackBars: LOOKBACK_BARS,
  evaluationBars: EVALUATION_BARS,
  mutations: 2,
  mutationScale: 0.1,
  reoptimizationBudget: 160,
  objective: 'sharpe',
  gate: { minImprovement: 0.5, minConfidence: 0.95, minTrades: 10, minPeriods: 20, maxDrawdown: 0.3 },
  rollback: { objectiveShortfall: 5, drawdownMultiple: 3, minPeriods: 2 },
  regime: REGIME_STEADY,
  downloadCandles: false,
  seed: 1,
  requestedBy: 'jest',
  ...overrides,
});

/** Two instruments with an SMA(3)/SMA(12) edge up to `edgeUntilBar`, then `after` (a random walk by default). */
function market(edgeUntilBar: number, after?: (seed: number) => CandleSeries): Record<'EUR_USD' | 'GBP_USD', CandleSeries> {
  const bars = LOOKBACK_BARS + FUTURE_BARS;
  const series = (seed: number, startMidPrice: number): CandleSeries => (after
    ? concatenateSeries(plantedEdgeSeries({ bars: edgeUntilBar, seed, edge: 0.25, startMidPrice }), after(seed + 100))
    : plantedEdgeSeries({ bars, seed, edge: 0.25, edgeUntilBar, startMidPrice }));
  return { EUR_USD: series(1, 1.1), GBP_USD: series(2, 1.3) };
}

describe('evolutionCycle workflow on the hourly cadence', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  /**
   * A client that waits for results without unlocking time skipping (env.client unlocks it): the server would
   * otherwise skip years ahead while a backtest activity is busy, so time moves only where the test sleeps.
   */
  let timeHeld: Client;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
    timeHeld = new Client({ connection: env.connection, namespace: env.namespace });
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await env?.teardown();
  });

  /** A fresh database whose candles end FUTURE_BARS after the current (skipped-to) hour, and a cycle runner on it. */
  async function scenario(label: string, markets: Record<'EUR_USD' | 'GBP_USD', CandleSeries>) {
    const { testDatabase, database }: { testDatabase: TestDatabase; database: DatabaseHandle } = await createTradingDatabase(label);
    cleanups.push(async () => {
      await database.close();
      await testDatabase.drop();
    });
    const startMs = Math.floor((await env.currentTimeMs()) / HOUR_MS) * HOUR_MS - LOOKBACK_BARS * HOUR_MS;
    for (const [instrument, series] of Object.entries(markets)) await seedCandles(database.db, instrument, series, startMs);
    const taskQueue = `evolution-${randomUUID()}`;
    const runOnWorker = async <R>(execute: (workflowId: string) => Promise<R>): Promise<R & { workflowId: string }> => {
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: researchTestActivities(database) });
      const workflowId = `research-${randomUUID()}`;
      return { ...(await worker.runUntil(execute(workflowId))), workflowId };
    };
    const runCycle = (overrides: Partial<EvolutionCycleInput> = {}): Promise<EvolutionCycleResult & { workflowId: string }> =>
      runOnWorker((workflowId) => timeHeld.workflow.execute(evolutionCycle, { taskQueue, workflowId, args: [cycleInput(overrides)] }));
    /** An auto-deploying optimization over the lookback window, as the nightly schedule runs it (smaller). */
    const runAutoDeployedOptimization = () => runOnWorker((workflowId) => timeHeld.workflow.execute(strategyOptimization, {
      taskQueue, workflowId, args: [{
        ...DEFAULT_OPTIMIZATION_SETTINGS, strategy: STRATEGY, instruments: ['EUR_USD', 'GBP_USD'], period: { lastDays: LOOKBACK_BARS / 24 },
        budget: 40, walkForward: { folds: 3, inSampleFraction: 0.6 }, constraints: { minTrades: 20, maxDrawdown: 0.3 }, autoDeploy: true,
        gate: cycleInput().gate, downloadCandles: false, requestedBy: 'jest',
      }],
    }));
    const versions = () => database.db.select().from(strategyParams).where(eq(strategyParams.strategy, STRATEGY)).orderBy(strategyParams.version);
    const generation = async (workflowId: string) => (await database.db.select().from(evolutionGenerations).where(eq(evolutionGenerations.workflowId, workflowId)))[0]!;
    const audits = (workflowId: string) => database.db.select().from(auditEvents).where(eq(auditEvents.workflowId, workflowId));
    const seedActive = () => activateStrategyVersion(database.db, {
      strategy: STRATEGY, target: { newVersion: { strategy: STRATEGY, params: maCrossover.defaults, metrics: {}, createdBy: 'jest', reason: 'initial' } },
      actor: 'jest', reason: 'initial version', action: 'strategy.activate',
    });
    return { runCycle, runAutoDeployedOptimization, versions, generation, audits, seedActive, database };
  }

  it('promotes a re-optimized version when the regime changed, then keeps it an hour later', async () => {
    const { runCycle, versions, generation, audits } = await scenario('evolution_promote', market(LOOKBACK_BARS + FUTURE_BARS));

    const first = await runCycle({ regime: REGIME_CHANGED, mutations: 0 });
    expect(first.regime!.changed).toBe(true);
    // Re-optimized on the first third, chosen on the second, judged on the last, which its choice never saw.
    expect(first.windows).toEqual({ generation: { start: 0, end: 960 }, selection: { start: 960, end: 1920 }, evaluation: { start: 1920, end: 2880 } });
    expect(first.hypotheses.map((h) => h.kind)).toEqual(['reoptimization']);
    expect(first.decision).toBe('promote');
    expect(first.gate!.reasons.filter((r) => r.startsWith('fail'))).toEqual([]);
    // 40 daily periods against Student's t; a choice of one is nothing to deflate.
    expect(first.gate!.statistics).toMatchObject({ periods: 40, pairedDegreesOfFreedom: 39 });
    expect(first.gate!.statistics.deflatedSharpe).toBeUndefined();
    const promoted = first.hypotheses.find((h) => h.id === first.gate!.challenger)!;
    expect(first.challenger).toMatchObject({ id: promoted.id });
    expect(first.challenger!.score).toBeGreaterThan(first.incumbent!.score + 0.5);
    const [active] = await versions();
    expect(active).toMatchObject({ version: 1, status: 'active', params: promoted.params });
    // What it is held to from now on is its evaluation-window record, not the selection-window one it won with.
    expect(active!.metrics).toMatchObject({ sandbox: { score: first.challenger!.score, maxDrawdown: first.challenger!.maxDrawdown, trades: first.challenger!.trades, promotedBy: first.workflowId } });
    const row = await generation(first.workflowId);
    expect(row).toMatchObject({ decision: 'promote', activeVersionBefore: null, activeVersionAfter: 1 });
    expect(row.metrics).toMatchObject({ windows: first.windows, challenger: first.challenger, gate: { challenger: promoted.id, statistics: { pairedDegreesOfFreedom: 39 } } });
    expect(row.hypotheses).toHaveLength(1);
    expect(row.reason).toContain(`promoted version 1 (${promoted.id})`);
    expect((await audits(first.workflowId)).map((a) => a.action)).toEqual(['strategy.promote']);

    await env.sleep('1 hour');
    const second = await runCycle({ mutations: 3 });
    expect(second.regime!.changed).toBe(false);
    expect(second.hypotheses.map((h) => h.kind)).toEqual(['mutation', 'mutation', 'mutation']);
    expect(second.decision).toBe('keep');
    expect(second.activeVersionAfter).toBe(1);
    // The best of three mutations is deflated for the three it was chosen from, and the record shows both figures.
    expect(second.gate!.statistics.deflatedSharpe).toMatchObject({ trials: 3, observations: 40 });
    expect(second.gate!.statistics.deflatedSharpe!.effectiveTrials).toBeLessThanOrEqual(3);
    expect(second.gate!.reasons.find((r) => r.includes('deflated Sharpe'))).toMatch(/before deflating for 3 trials, \d\.\d independent, on the periods it was chosen on/);
    // Nothing traded it yet: its live record is empty, so it cannot be judged on one.
    expect(second.liveRecord).toMatchObject({ version: 1, tradesOpened: 0, tradesClosed: 0, realizedPl: 0 });
    expect(second.rollbackCheck?.records.find((r) => r.source === 'fills')).toMatchObject({ judged: false, rollBack: false });
    expect((await generation(second.workflowId)).reason).toMatch(/^kept version 1; best hypothesis mutation-\d .*fail: /);
    expect((await versions()).map((v) => v.status)).toEqual(['active']);
  }, 240_000);

  it('rolls back when the version promoted last cycle falls short of its sandbox expectation', async () => {
    // The edge holds until now, then reverses: whatever was fitted to it loses from then on.
    const reversed = (seed: number) => plantedEdgeSeries({ bars: FUTURE_BARS, seed, edge: -0.5 });
    const { runCycle, versions, generation, audits, seedActive } = await scenario('evolution_rollback', market(LOOKBACK_BARS, reversed));
    await seedActive();

    const first = await runCycle({ regime: REGIME_CHANGED, mutations: 0 });
    expect(first.decision).toBe('promote');
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([[1, 'retired'], [2, 'active']]);

    // Three days of the hourly schedule later, the promoted version has a record of its own to be judged on.
    await env.sleep('3 days');
    const later = await runCycle({ mutations: 0 });
    expect(later.rollbackCheck!.rollBack).toBe(true);
    const backtested = later.rollbackCheck!.records.find((r) => r.source === 'backtest since activation')!;
    expect(backtested).toMatchObject({ judged: true, rollBack: true });
    expect(backtested.shortfall).toBeGreaterThan(5);
    expect(later).toMatchObject({ decision: 'rollback', activeVersionBefore: 2, activeVersionAfter: 1, hypotheses: [] });
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([[1, 'active'], [2, 'retired']]);
    const row = await generation(later.workflowId);
    expect(row.reason).toMatch(/^rolled back from version 2 to 1: backtest since activation: roll back: realized objective/);
    expect(row.metrics).toMatchObject({ rollbackCheck: { rollBack: true } });
    const [audit] = await audits(later.workflowId);
    expect(audit).toMatchObject({ action: 'strategy.rollback', subjectId: `${STRATEGY}@1`, actor: `workflow:${later.workflowId}` });
  }, 240_000);

  it('holds an optimization\'s auto-deployed winner to its result on the final holdout and rolls it back when it falls short', async () => {
    const reversed = (seed: number) => plantedEdgeSeries({ bars: FUTURE_BARS, seed, edge: -0.5 });
    const { runCycle, runAutoDeployedOptimization, versions, generation, seedActive } = await scenario('evolution_rollback_optimized', market(LOOKBACK_BARS, reversed));
    await seedActive();

    const optimization = await runAutoDeployedOptimization();
    expect(optimization.deployment).toMatchObject({ promoted: true, activeVersion: 2 });
    const { holdout } = optimization.winner!;
    const [deployed] = (await versions()).filter((v) => v.version === 2);
    // Held to its record on the final holdout, which its search never saw.
    expect(deployed!.metrics).toMatchObject({
      sandbox: { objective: 'sharpe', score: holdout!.score, trades: holdout!.trades, maxDrawdown: holdout!.maxDrawdown, promotedBy: optimization.workflowId },
    });

    await env.sleep('3 days');
    const later = await runCycle({ mutations: 0 });
    const backtested = later.rollbackCheck!.records.find((r) => r.source === 'backtest since activation')!;
    expect(backtested).toMatchObject({ judged: true, rollBack: true });
    expect(backtested.shortfall).toBeGreaterThan(5);
    expect(later).toMatchObject({ decision: 'rollback', activeVersionBefore: 2, activeVersionAfter: 1 });
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([[1, 'active'], [2, 'retired']]);
    expect((await generation(later.workflowId)).reason).toMatch(/^rolled back from version 2 to 1: backtest since activation: roll back: realized objective/);
  }, 300_000);

  it('rolls back a promoted version that loses real money, even while its backtest since activation looks fine', async () => {
    // The edge holds throughout, so the promoted version's backtest keeps its promise; its fills do not.
    const { runCycle, versions, generation, audits, seedActive, database } = await scenario('evolution_live_rollback', market(LOOKBACK_BARS + FUTURE_BARS));
    await seedActive();
    const first = await runCycle({ regime: REGIME_CHANGED, mutations: 0 });
    expect(first.decision).toBe('promote');
    expect(first.liveRecord).toMatchObject({ version: 1, tradesOpened: 0, tradesClosed: 0, realizedPl: 0 });

    await env.sleep('3 days');
    // Since its activation, every trade version 2 opened was stopped out: 12 losses on the 100 000 account.
    const [promoted] = (await versions()).filter((v) => v.version === 2);
    const activatedMs = promoted!.activatedAt!.getTime();
    const stepMs = Math.floor(((await env.currentTimeMs()) - activatedMs) / 13);
    const { order, fill } = tradeRecorder(database.db);
    for (let i = 1; i <= 12; i++) {
      await order(`v2-${i}`, STRATEGY, 2);
      await fill(activatedMs + i * stepMs, { clientOrderId: `v2-${i}`, tradeOpenedId: `T${i}` });
      await fill(activatedMs + i * stepMs + 60_000, { tradesClosed: [{ tradeId: `T${i}`, units: -1000, realizedPl: -150 - 25 * (i % 4) }], reason: 'STOP_LOSS_ORDER' });
    }

    // A Sharpe over three days of hourly bars is noisy: the tolerance is wide enough that only a real failure trips it.
    const later = await runCycle({ mutations: 0, rollback: { objectiveShortfall: 30, drawdownMultiple: 10, minPeriods: 2, minTrades: 5 } });
    expect(later.liveRecord).toMatchObject({ version: 2, tradesOpened: 12, tradesClosed: 12, realizedPl: -2_250, winRate: 0 });
    expect(later.liveRecord!.objectiveValue).toBeLessThan(-30);
    expect(later.rollbackCheck!.records.map((r) => [r.source, r.judged, r.rollBack])).toEqual([['fills', true, true], ['backtest since activation', true, false]]);
    expect(later).toMatchObject({ decision: 'rollback', activeVersionBefore: 2, activeVersionAfter: 1 });
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([[1, 'active'], [2, 'retired']]);
    const row = await generation(later.workflowId);
    expect(row.reason).toMatch(/^rolled back from version 2 to 1: fills: roll back: realized objective -\d+\.\d{3} is/);
    expect(row.metrics).toMatchObject({ liveRecord: { version: 2, tradesClosed: 12, realizedPl: -2_250 }, rollbackCheck: { rollBack: true } });
    expect((await audits(later.workflowId)).map((a) => a.action)).toEqual(['strategy.rollback']);
  }, 240_000);

  it('rejects a re-optimized candidate that fits the generation window but not the bars after it', async () => {
    // The edge is planted in the generation and selection windows only; the evaluation window is a random walk.
    const { runCycle, versions, generation, seedActive } = await scenario('evolution_overfit', market(LOOKBACK_BARS - EVALUATION_BARS));
    await seedActive();

    const result = await runCycle({ regime: REGIME_CHANGED, mutations: 0 });
    const [reoptimized] = result.hypotheses;
    expect(reoptimized!.kind).toBe('reoptimization');
    // Fitted to the planted rule...
    expect(Math.abs((reoptimized!.params.fastPeriod as number) - PLANTED.fastPeriod)).toBeLessThanOrEqual(3);
    // ...and rejected on the data it was not fitted to.
    expect(result.decision).toBe('keep');
    expect(result.gate!.promote).toBe(false);
    expect(result.gate!.reasons.some((r) => r.startsWith('fail: paired test confidence') || r.startsWith('fail: objective'))).toBe(true);
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([[1, 'active']]);
    expect((await generation(result.workflowId))).toMatchObject({ decision: 'keep', activeVersionBefore: 1, activeVersionAfter: 1 });
  }, 240_000);
});
