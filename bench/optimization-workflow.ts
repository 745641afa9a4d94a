/**
 * Optimization workflow benchmark (not a test): the same 200-trial walk-forward optimization as bench/optimization
 * (ma-crossover, one year of H1 bars for four instruments, batches of 20), run as the strategyOptimization workflow
 * on a real Temporal dev server: trials as activities reading the candles from Postgres, every trial stored in
 * backtest_runs, continue-as-new every 5 batches. The difference from the in-process figure is the orchestration's
 * cost. Then one evolutionCycle with the scheduled defaults on the same four instruments down its slowest path: the
 * winner active for three days as if a cycle had promoted it, with 1,000 trades of fills to analyse and a backtest
 * since its activation to check, then forced to re-optimize, to show a cycle fits well inside its hour.
 *
 *   npx tsc -p . && DATABASE_URL=postgres://… node dist/bench/optimization-workflow.js
 *
 * DATABASE_URL's server gets a fresh database (unset: an embedded Postgres under .data/bench-optimization-postgres).
 * Writes bench/results/optimization-workflow.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { recordBenchResults } from './lib/record-results';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createLiveRecordActivities } from '../activities/research/live-record-activities';
import { createResearchActivities } from '../activities/research/research-activities';
import { createStrategyVersionActivities } from '../activities/research/strategy-version-activities';
import { syntheticCandleSeries } from '../domain/backtest/synthetic-series';
import { granularityMs, type Candle } from '../domain/market';
import { seededRandom } from '../domain/random';
import { openBenchDatabase } from './lib/bench-database';
import type { DatabaseHandle } from '../infra/db/client';
import { upsertAccount } from '../infra/db/queries/accounts';
import { upsertCandles } from '../infra/db/queries/candles';
import { activateStrategyVersion } from '../infra/db/queries/strategy-versions';
import { fills, orders, strategyParams } from '../infra/db/schema';
import { findFreePort } from '../infra/net/free-port';
import { projectRoot } from '../infra/paths';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { evolutionCycle, strategyOptimization } from '../workflows';
import { DEFAULT_EVOLUTION_SETTINGS, type SandboxExpectation } from '../workflows/definitions/evolution-cycle';
import { DEFAULT_OPTIMIZATION_SETTINGS, optimizationProgressQuery, type StrategyOptimizationInput } from '../workflows/definitions/strategy-optimization';

const BARS = 6_240;
const TRIALS = 200;
const TASK_QUEUE = 'bench-optimization';
const HOUR_MS = granularityMs('H1');
/** The year ends at the current hour, so the evolution cycle (which looks at the latest bars) finds it too. */
const START_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - BARS * HOUR_MS;
/** The in-process benchmark's market: seeded geometric random walks of 0.12% per bar. */
const INSTRUMENTS: Record<string, { startMidPrice: number; spreadPrice: number; seed: number }> = {
  EUR_USD: { startMidPrice: 1.1, spreadPrice: 0.0001, seed: 1 },
  GBP_USD: { startMidPrice: 1.3, spreadPrice: 0.00015, seed: 2 },
  USD_JPY: { startMidPrice: 150, spreadPrice: 0.015, seed: 3 },
  AUD_USD: { startMidPrice: 0.66, spreadPrice: 0.00012, seed: 4 },
};

const LIVE_TRADES = 1_000;
const LIVE_DAYS = 3;
const ACCOUNT_ID = 'bench-account';

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * The version as a cycle would have left it LIVE_DAYS ago (active, with its sandbox expectation), and the orders and
 * fills of LIVE_TRADES trades it has opened and closed since, as the hot path or the risk monitor records them.
 */
async function seedLiveVersion(database: DatabaseHandle, params: Record<string, unknown>, expectation: SandboxExpectation): Promise<number> {
  const { version } = await activateStrategyVersion(database.db, {
    strategy: 'ma-crossover', target: { newVersion: { strategy: 'ma-crossover', params, metrics: { sandbox: expectation }, createdBy: 'bench', reason: 'bench' } },
    actor: 'bench', reason: 'bench', action: 'strategy.promote',
  });
  const activatedMs = Date.now() - LIVE_DAYS * 86_400_000;
  await database.db.update(strategyParams).set({ activatedAt: new Date(activatedMs) });
  await upsertAccount(database.db, { id: ACCOUNT_ID, venue: 'sim', openingBalance: 100_000 });
  const random = seededRandom(7);
  const stepMs = (LIVE_DAYS * 86_400_000) / (LIVE_TRADES + 1);
  for (let first = 0; first < LIVE_TRADES; first += 500) {
    const ids = Array.from({ length: Math.min(500, LIVE_TRADES - first) }, (_, i) => first + i);
    await database.db.insert(orders).values(ids.map((i) => ({
      clientOrderId: `bench-${i}`, accountId: ACCOUNT_ID, instrument: 'EUR_USD', units: 1000, type: 'MARKET', status: 'filled' as const, source: 'hot_path' as const, strategy: 'ma-crossover', paramsVersion: version,
    })));
    await database.db.insert(fills).values(ids.flatMap((i) => {
      const openedMs = activatedMs + (i + 1) * stepMs;
      const realizedPl = Number((random.normal() * 40).toFixed(2));
      const base = { accountId: ACCOUNT_ID, instrument: 'EUR_USD', priceQuote: 1.1, source: 'hot_path' as const };
      return [
        { ...base, transactionId: String(2 * i + 1), clientOrderId: `bench-${i}`, units: 1000, tradeOpenedId: `T${i}`, realizedPl: 0, filledAt: new Date(openedMs) },
        { ...base, transactionId: String(2 * i + 2), units: -1000, tradesClosed: [{ tradeId: `T${i}`, units: -1000, realizedPl }], realizedPl, filledAt: new Date(openedMs + stepMs / 2) },
      ];
    }));
  }
  return version;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const loadAverageAtStart = loadavg()[0]!;
  const temporalDir = await mkdtemp(join(tmpdir(), 'bench-temporal-'));
  const server = await startTemporalDevServer({ cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null });
  const { database, drop } = await openBenchDatabase('optimization', { maxConnections: 4 });
  for (const [instrument, { startMidPrice, spreadPrice, seed }] of Object.entries(INSTRUMENTS)) {
    const series = syntheticCandleSeries({ bars: BARS, random: seededRandom(seed), startMidPrice, spreadPrice, volatilityPerBar: 0.0012, barMs: HOUR_MS });
    const candles: Candle[] = Array.from({ length: BARS }, (_, i) => ({
      timeMs: START_MS + i * HOUR_MS, volume: 100, complete: true,
      bid: { o: series.bidOpen[i]!, h: series.bidHigh[i]!, l: series.bidLow[i]!, c: series.bidClose[i]! },
      ask: { o: series.askOpen[i]!, h: series.askHigh[i]!, l: series.askLow[i]!, c: series.askClose[i]! },
    }));
    for (let i = 0; i < BARS; i += 2000) await upsertCandles(database.db, instrument, 'H1', candles.slice(i, i + 2000));
  }

  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: server.address }),
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: { ...createResearchActivities({ database }), ...createStrategyVersionActivities({ database }), ...createLiveRecordActivities({ database }) },
  });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const input: StrategyOptimizationInput = {
    ...DEFAULT_OPTIMIZATION_SETTINGS, strategy: 'ma-crossover', instruments: Object.keys(INSTRUMENTS),
    period: { fromMs: START_MS, toMs: START_MS + BARS * HOUR_MS }, budget: TRIALS, seed: 42, downloadCandles: false, requestedBy: 'bench',
  };
  // One worker run for both measurements: a worker cannot be run again once it has shut down.
  const { wallSeconds, result, runs, cycle } = await worker.runUntil(async () => {
    const start = process.hrtime.bigint();
    const handle = await client.workflow.start(strategyOptimization, { taskQueue: TASK_QUEUE, workflowId: `bench-optimization-${Date.now()}`, args: [input] });
    const outcome = await handle.result();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const progress = await handle.query(optimizationProgressQuery);
    const winner = outcome.winner!;
    await seedLiveVersion(database, winner.params, { objective: input.objective, score: winner.score, maxDrawdown: winner.maxDrawdown, trades: winner.trades, promotedBy: 'bench' });
    const cycleStart = process.hrtime.bigint();
    const cycleResult = await client.workflow.execute(evolutionCycle, {
      taskQueue: TASK_QUEUE, workflowId: `bench-evolution-${Date.now()}`,
      args: [{ ...DEFAULT_EVOLUTION_SETTINGS, strategy: 'ma-crossover', instruments: Object.keys(INSTRUMENTS), regime: { maxVolatilityRatio: 1.5, maxDriftShiftZ: 0 }, downloadCandles: false, seed: 42 }],
    });
    return { wallSeconds: seconds, result: outcome, runs: progress.runs + 1, cycle: { seconds: Number(process.hrtime.bigint() - cycleStart) / 1e9, result: cycleResult } };
  });

  const inProcessPath = join(__dirname, '..', '..', 'bench', 'results', 'optimization.json');
  const inProcess = existsSync(inProcessPath) ? (JSON.parse(readFileSync(inProcessPath, 'utf8')) as { timing: { wallSeconds: number; trialsPerSecond: number } }).timing : undefined;
  const results = {
    benchmark: 'optimization-workflow',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30, 1), node: process.version, platform: `${process.platform} ${process.arch}`, loadAverage1mAtStart: round(loadAverageAtStart, 2) },
    data: { instruments: Object.keys(INSTRUMENTS), barsPerInstrument: BARS, granularity: 'H1', kind: 'seeded geometric random walks (0.12% per bar), read from Postgres by the trial activities' },
    search: {
      kind: input.search, strategy: input.strategy, trials: TRIALS, batchSize: input.batchSize, parallelism: input.parallelism, batchesPerRun: input.batchesPerRun,
      walkForward: input.walkForward, objective: input.objective, workflowRuns: runs, workerProcesses: 1,
    },
    timing: {
      wallSeconds: round(wallSeconds, 2),
      trialsPerSecond: round(TRIALS / wallSeconds, 2),
      ...(inProcess && { inProcessWallSeconds: inProcess.wallSeconds, orchestrationOverheadSeconds: round(wallSeconds - inProcess.wallSeconds, 2) }),
    },
    evolutionCycle: {
      wallSeconds: round(cycle.seconds, 2), lookbackBars: DEFAULT_EVOLUTION_SETTINGS.lookbackBars, evaluationBars: DEFAULT_EVOLUTION_SETTINGS.evaluationBars,
      hypotheses: cycle.result.hypotheses.map((h) => h.kind), reoptimizationTrials: DEFAULT_EVOLUTION_SETTINGS.reoptimizationBudget, decision: cycle.result.decision,
      liveRecord: { daysLive: LIVE_DAYS, tradesClosed: cycle.result.liveRecord?.tradesClosed ?? 0, fillsAnalysed: 2 * LIVE_TRADES },
      rollbackCheck: cycle.result.rollbackCheck?.records ?? [],
    },
    winner: result.winner && { params: result.winner.params, score: round(result.winner.score, 3), deflatedSharpeProbability: round(result.winner.deflatedSharpe.probability, 4), probabilityOfBacktestOverfitting: result.winner.backtestOverfitting?.probability ?? null },
  };
  console.log(`optimization workflow benchmark: ${TRIALS} trials × ${Object.keys(INSTRUMENTS).length} instruments × ${BARS.toLocaleString('en')} H1 bars on a Temporal dev server, ${results.machine.cpu}, node ${process.version}\n`);
  console.log(`wall time ${results.timing.wallSeconds} s, ${results.timing.trialsPerSecond} trials/s over ${runs} workflow runs${inProcess ? ` (in-process: ${inProcess.wallSeconds} s)` : ''}`);
  console.log(`evolution cycle (live record of ${results.evolutionCycle.liveRecord.tradesClosed} trades, rollback check on ${results.evolutionCycle.rollbackCheck.length} records, ${cycle.result.hypotheses.length} hypotheses incl. a ${DEFAULT_EVOLUTION_SETTINGS.reoptimizationBudget}-trial re-optimization): ${results.evolutionCycle.wallSeconds} s, decision ${cycle.result.decision}`);

  console.log(`\nwritten to ${recordBenchResults('optimization-workflow', results)}`);
  await client.connection.close();
  await drop();
  await server.stop();
  await rm(temporalDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
