/**
 * Optimization benchmark (not a test): a 200-trial walk-forward optimization of ma-crossover on one year of H1 bars
 * (6,240) for four instruments, on one core, in-process, run the way the strategyOptimization workflow runs it:
 * batches proposed by the search, each trial evaluated (in the workflow: an activity), results recorded, and the
 * search state round-tripped through JSON after every batch as continue-as-new would.
 *
 *   npx tsc -p . && node dist/bench/optimization.js
 *
 * Prints a summary and writes bench/results/optimization.json. Data are seeded synthetic random walks, so runs on
 * the same machine measure the same work.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { recordBenchResults } from './lib/record-results';
import type { CandleSeries } from '../domain/backtest/candle-series';
import { periodsPerYear } from '../domain/backtest/periods-per-year';
import { syntheticCandleSeries } from '../domain/backtest/synthetic-series';
import { granularityMs } from '../domain/market';
import { quantile } from '../domain/math/statistics';
import { seededRandom } from '../domain/random';
import { probabilityOfBacktestOverfitting, selectionOf, winnerDeflatedSharpe } from '../domain/research/overfitting-guard';
import { createSearch, nextBatch, recordResults, searchProgress, type SearchState } from '../domain/research/parameter-search';
import { evaluateTrial, type BacktestSettings, type TrialEvaluation } from '../domain/research/trial-evaluation';
import { walkForwardFolds } from '../domain/research/walk-forward';
import { maCrossover } from '../domain/strategies/ma-crossover';

const BARS = 6_240;
const TRIALS = 200;
const BATCH_SIZE = 20;
const WALK_FORWARD = { folds: 4, inSampleFraction: 0.7 };
const DAILY_PERIOD_BARS = 24;
const INSTRUMENTS: Record<string, { startMidPrice: number; spreadPrice: number; seed: number }> = {
  EUR_USD: { startMidPrice: 1.1, spreadPrice: 0.0001, seed: 1 },
  GBP_USD: { startMidPrice: 1.3, spreadPrice: 0.00015, seed: 2 },
  USD_JPY: { startMidPrice: 150, spreadPrice: 0.015, seed: 3 },
  AUD_USD: { startMidPrice: 0.66, spreadPrice: 0.00012, seed: 4 },
};
const BACKTEST: BacktestSettings = {
  accountCurrency: 'USD', initialEquityAccount: 100_000, riskFraction: 0.01, periodsPerYear: periodsPerYear('H1'), commissionBps: 0.2, slippagePips: 0.1,
};

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function marketData(): Record<string, CandleSeries> {
  return Object.fromEntries(Object.entries(INSTRUMENTS).map(([name, { startMidPrice, spreadPrice, seed }]) => [name, syntheticCandleSeries({
    bars: BARS, random: seededRandom(seed), startMidPrice, spreadPrice, volatilityPerBar: 0.0012, barMs: granularityMs('H1'),
  })]));
}

function main(): void {
  const loadAverageAtStart = loadavg()[0]!;
  const seriesByInstrument = marketData();
  const folds = walkForwardFolds(BARS, WALK_FORWARD);
  const trialMs: number[] = [];
  const evaluations: TrialEvaluation[] = [];
  let bookkeepingSeconds = 0;
  let stateBytes = 0;

  const start = process.hrtime.bigint();
  let state: SearchState = createSearch({ kind: 'evolutionary', strategy: maCrossover.name, budget: TRIALS, seed: 42 });
  for (;;) {
    const proposeStart = process.hrtime.bigint();
    const batch = nextBatch(state, BATCH_SIZE);
    bookkeepingSeconds += seconds(proposeStart);
    if (batch.candidates.length === 0) break;
    const outcomes = batch.candidates.map((candidate) => {
      const trialStart = process.hrtime.bigint();
      const evaluation = evaluateTrial({
        seriesByInstrument, strategy: maCrossover, params: candidate.params, folds, backtest: BACKTEST,
        objective: 'sharpe', constraints: { minTrades: 30, maxDrawdown: 0.25 }, periodBars: DAILY_PERIOD_BARS,
      });
      trialMs.push(seconds(trialStart) * 1000);
      evaluations[candidate.id] = evaluation;
      return { id: candidate.id, score: evaluation.score, feasible: evaluation.feasible, periodSharpe: evaluation.periodSharpe };
    });
    const recordStart = process.hrtime.bigint();
    const serialized = JSON.stringify(recordResults(batch.state, outcomes));
    stateBytes = serialized.length;
    state = JSON.parse(serialized) as SearchState;
    bookkeepingSeconds += seconds(recordStart);
  }
  const wallSeconds = seconds(start);

  const progress = searchProgress(state);
  const winner = evaluations[progress.best!.id]!;
  const deflated = winnerDeflatedSharpe(winner.periodReturns, selectionOf(state));
  const overfitting = probabilityOfBacktestOverfitting(evaluations.map((evaluation) => evaluation.periodReturns), 8);
  const ms = Float64Array.from(trialMs);

  const results = {
    benchmark: 'optimization',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30, 1), node: process.version, platform: `${process.platform} ${process.arch}`, loadAverage1mAtStart: round(loadAverageAtStart, 2) },
    data: { instruments: Object.keys(INSTRUMENTS), barsPerInstrument: BARS, granularity: 'H1', kind: 'seeded geometric random walks (0.12% per bar), one year of H1 bars each' },
    search: { kind: 'evolutionary', strategy: maCrossover.name, trials: TRIALS, batchSize: BATCH_SIZE, walkForward: { ...WALK_FORWARD, kind: 'rolling' }, objective: 'sharpe', periodBars: DAILY_PERIOD_BARS, singleCore: true },
    timing: {
      wallSeconds: round(wallSeconds, 2),
      trialsPerSecond: round(TRIALS / wallSeconds, 2),
      trialMs: { p50: round(quantile(ms, 0.5), 1), p95: round(quantile(ms, 0.95), 1), max: round(quantile(ms, 1), 1) },
      barStepsPerTrialExcludingWarmup: winner.folds.reduce((total, fold) => total + (fold.inSample!.range.end - fold.inSample!.range.start) + (fold.outOfSample.range.end - fold.outOfSample.range.start), 0) * Object.keys(INSTRUMENTS).length,
      searchBookkeepingSeconds: round(bookkeepingSeconds, 3),
      finalStateJsonBytes: stateBytes,
    },
    winner: {
      params: winner.params,
      outOfSampleSharpe: round(winner.outOfSample.sharpe, 3),
      inSampleSharpe: round(winner.inSampleObjective ?? 0, 3),
      trades: winner.trades,
      maxDrawdown: round(winner.maxDrawdown, 4),
      deflatedSharpeProbability: round(deflated.probability, 4),
      probabilityOfBacktestOverfitting: round(overfitting.probability, 3),
    },
  };

  console.log(`optimization benchmark: ${TRIALS} trials × ${Object.keys(INSTRUMENTS).length} instruments × ${BARS.toLocaleString('en')} H1 bars, ${results.machine.cpu}, node ${process.version}\n`);
  console.log(`wall time ${results.timing.wallSeconds} s, ${results.timing.trialsPerSecond} trials/s on one core; trial p50 ${results.timing.trialMs.p50} ms, p95 ${results.timing.trialMs.p95} ms; search bookkeeping ${results.timing.searchBookkeepingSeconds} s; final state ${stateBytes} bytes of JSON`);
  console.log(`winner ${JSON.stringify(winner.params)}: out-of-sample Sharpe ${results.winner.outOfSampleSharpe} (in-sample ${results.winner.inSampleSharpe}), deflated Sharpe probability ${results.winner.deflatedSharpeProbability}, PBO ${results.winner.probabilityOfBacktestOverfitting} (random walks: no real edge to find)`);

  console.log(`\nwritten to ${recordBenchResults('optimization', results)}`);
}

main();
