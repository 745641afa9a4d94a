/**
 * Promotion-gate benchmark (not a test): how often the evolution cycle and an auto-deploying optimization promote on
 * seeded markets with no edge (false promotions) and with a planted edge (power), deciding as they do now
 * ('honest': chosen on one stretch of bars, judged on a later one, deflated for the choice) and as runs begun before
 * did ('legacy'), at the production gate and settings, over many more runs than the property test can afford.
 *
 *   npm run bench:promotion-gate
 *
 * Prints a summary and writes bench/results/promotion-gate.json. Markets are seeded, so every run measures the same.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import type { PromotionConfig } from '../domain/research/promotion-gate';
import { maCrossover } from '../domain/strategies/ma-crossover';
import { DEFAULT_EVOLUTION_SETTINGS } from '../workflows/definitions/evolution-cycle';
import { DEFAULT_GATE } from '../workflows/definitions/research';
import {
  cycleOutcome, searchOutcome, type CycleSettings, type Method, type PromotionOutcome, type SearchSettings,
} from '../test/unit/domain/research/promotion-scenarios';
import { recordBenchResults } from './lib/record-results';

const NO_EDGE_CYCLES = 1000;
const NO_EDGE_SEARCHES = 200;
const EDGE_RUNS = 60;
/** Drift per bar, in bar volatilities, in the planted crossover's direction: the tests' edge, and a weaker one. */
const PLANTED_EDGE = 0.25;
const WEAK_EDGE = 0.1;
/** Cycles before the selection window looked at 120 days; now 160, so the re-optimization keeps its 80. */
const LEGACY_LOOKBACK_BARS = 2880;

const GATE: Omit<PromotionConfig, 'pairedTest'> = {
  minImprovement: DEFAULT_GATE.minImprovement, minConfidence: DEFAULT_GATE.minConfidence, minTrades: DEFAULT_GATE.minTrades, minPeriods: DEFAULT_GATE.minPeriods,
  riskLimits: { maxDrawdown: DEFAULT_GATE.maxDrawdown }, maxBacktestOverfitting: DEFAULT_GATE.maxBacktestOverfitting,
};
/** No margin, trade count or risk limit: only the gate's statistics stand between noise and a promotion. */
const STATISTICS_ONLY: Omit<PromotionConfig, 'pairedTest'> = { minImprovement: 0, minConfidence: DEFAULT_GATE.minConfidence, minTrades: 1, minPeriods: DEFAULT_GATE.minPeriods, riskLimits: { maxDrawdown: 1 } };
const EVALUATION = { constraints: { minTrades: DEFAULT_GATE.minTrades, maxDrawdown: DEFAULT_GATE.maxDrawdown }, periodBars: 24 };
const SLOW_ACTIVE = { averageKind: 'sma', fastPeriod: 40, slowPeriod: 160, atrPeriod: 14, stopAtrMultiple: 2 };

/** The hourly cycle's defaults on two instruments, mutations only (a steady regime). */
const CYCLE: CycleSettings = {
  instruments: 2, evaluation: EVALUATION, gate: GATE, lookbackBars: DEFAULT_EVOLUTION_SETTINGS.lookbackBars, evaluationBars: DEFAULT_EVOLUTION_SETTINGS.evaluationBars,
  mutations: DEFAULT_EVOLUTION_SETTINGS.mutations, mutationScale: DEFAULT_EVOLUTION_SETTINGS.mutationScale, reoptimizationBudget: 0,
};
/** The nightly optimization, smaller: 120 days of two instruments, 60 evolutionary trials, nothing active yet. */
const SEARCH: SearchSettings = {
  instruments: 2, evaluation: { ...EVALUATION, constraints: { minTrades: 30, maxDrawdown: DEFAULT_GATE.maxDrawdown } }, gate: GATE,
  bars: 2880, kind: 'evolutionary', budget: 60, walkForward: { folds: 4, inSampleFraction: 0.7 }, holdoutFraction: 0.2,
};

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

interface Measured {
  runs: number;
  promoted: number;
  rate: number;
  /** Upper end of the 95% Wilson interval of the rate. */
  upper95: number;
  /** Mean objective of the winners where they were chosen and where they were judged (what they are then held to). */
  meanScoreChosenOn: number;
  meanScoreJudgedOn: number;
}

function measure(runs: number, outcome: (seed: number) => PromotionOutcome): Measured {
  let promoted = 0;
  const chosen: number[] = [];
  const judged: number[] = [];
  for (let seed = 1; seed <= runs; seed++) {
    const result = outcome(seed);
    if (result.promoted) promoted++;
    if (result.scores) {
      chosen.push(result.scores.chosenOn);
      judged.push(result.scores.judgedOn);
    }
  }
  const rate = promoted / runs;
  const z = 1.96;
  const upper95 = (rate + (z * z) / (2 * runs) + z * Math.sqrt((rate * (1 - rate)) / runs + (z * z) / (4 * runs * runs))) / (1 + (z * z) / runs);
  const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  return { runs, promoted, rate: round(rate, 4), upper95: round(upper95, 4), meanScoreChosenOn: round(mean(chosen), 3), meanScoreJudgedOn: round(mean(judged), 3) };
}

function bothMethods(run: (method: Method) => Measured): Record<Method, Measured> {
  return { legacy: run('legacy'), honest: run('honest') };
}

function main(): void {
  const loadAverageAtStart = loadavg()[0]!;
  const start = process.hrtime.bigint();
  const cycleFor = (method: Method, settings: CycleSettings): CycleSettings => (method === 'legacy' ? { ...settings, lookbackBars: LEGACY_LOOKBACK_BARS } : settings);
  // The edge is new to the active version, which trades a slow crossover; the regime changed, so the cycle re-optimizes.
  const reoptimizing: CycleSettings = { ...CYCLE, active: SLOW_ACTIVE, reoptimizationBudget: DEFAULT_EVOLUTION_SETTINGS.reoptimizationBudget };
  const cycles = {
    noEdge: {
      defaultsActive: bothMethods((method) => measure(NO_EDGE_CYCLES, (seed) => cycleOutcome(method, cycleFor(method, { ...CYCLE, active: maCrossover.defaults }), seed, 0))),
      randomActive: bothMethods((method) => measure(NO_EDGE_CYCLES, (seed) => cycleOutcome(method, cycleFor(method, CYCLE), seed, 0))),
      statisticsOnly: bothMethods((method) => measure(NO_EDGE_CYCLES, (seed) => cycleOutcome(method, cycleFor(method, { ...CYCLE, gate: STATISTICS_ONLY }), seed, 0))),
    },
    plantedEdge: bothMethods((method) => measure(EDGE_RUNS, (seed) => cycleOutcome(method, cycleFor(method, reoptimizing), seed, PLANTED_EDGE))),
    weakEdge: bothMethods((method) => measure(EDGE_RUNS, (seed) => cycleOutcome(method, cycleFor(method, reoptimizing), seed, WEAK_EDGE))),
  };
  const searches = {
    noEdge: bothMethods((method) => measure(NO_EDGE_SEARCHES, (seed) => searchOutcome(method, SEARCH, seed, 0))),
    statisticsOnly: bothMethods((method) => measure(NO_EDGE_SEARCHES, (seed) => searchOutcome(method, { ...SEARCH, gate: STATISTICS_ONLY }, seed, 0))),
    plantedEdge: bothMethods((method) => measure(EDGE_RUNS, (seed) => searchOutcome(method, SEARCH, seed, PLANTED_EDGE))),
    weakEdge: bothMethods((method) => measure(EDGE_RUNS, (seed) => searchOutcome(method, SEARCH, seed, WEAK_EDGE))),
  };
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;

  const results = {
    benchmark: 'promotion-gate',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30, 1), node: process.version, platform: `${process.platform} ${process.arch}`, loadAverage1mAtStart: round(loadAverageAtStart, 2) },
    configuredFalsePromotionRate: round(1 - GATE.minConfidence, 4),
    gate: GATE,
    markets: `seeded H1 series of ${SEARCH.instruments} instruments; no edge: random walks; planted (weak) edge: a drift of ${PLANTED_EDGE} (${WEAK_EDGE}) bar volatilities in the direction of SMA(3) - SMA(12)`,
    cycle: {
      settings: { ...CYCLE, legacyLookbackBars: LEGACY_LOOKBACK_BARS, plantedEdge: { active: SLOW_ACTIVE, reoptimizationBudget: DEFAULT_EVOLUTION_SETTINGS.reoptimizationBudget } },
      ...cycles,
    },
    search: { settings: SEARCH, ...searches },
    wallSeconds: round(wallSeconds, 1),
  };
  const path = recordBenchResults('promotion-gate', results);
  const line = (name: string, pair: Record<Method, Measured>): string =>
    `  ${name.padEnd(40)} legacy ${pair.legacy.promoted}/${pair.legacy.runs} (${(100 * pair.legacy.rate).toFixed(1)}%)  honest ${pair.honest.promoted}/${pair.honest.runs} (${(100 * pair.honest.rate).toFixed(1)}%, ≤ ${(100 * pair.honest.upper95).toFixed(1)}% at 95%)`;
  console.log(`promotion gate, configured false-promotion rate ${100 * results.configuredFalsePromotionRate}%:`);
  console.log(line('cycle, no edge, defaults active', cycles.noEdge.defaultsActive));
  console.log(line('cycle, no edge, random active', cycles.noEdge.randomActive));
  console.log(line('cycle, no edge, statistics only', cycles.noEdge.statisticsOnly));
  console.log(line('cycle, planted edge (power)', cycles.plantedEdge));
  console.log(line('cycle, weak planted edge (power)', cycles.weakEdge));
  console.log(line('optimization, no edge', searches.noEdge));
  console.log(line('optimization, no edge, statistics only', searches.statisticsOnly));
  console.log(line('optimization, planted edge (power)', searches.plantedEdge));
  console.log(line('optimization, weak planted edge (power)', searches.weakEdge));
  console.log(`  no-edge optimization winners: objective ${searches.noEdge.honest.meanScoreChosenOn} on their folds, ${searches.noEdge.honest.meanScoreJudgedOn} on the holdout`);
  console.log(`${wallSeconds.toFixed(1)} s; written to ${path}`);
}

main();
