import { z } from 'zod';
import { GRANULARITIES, granularityMs, INSTRUMENTS } from '../../domain/market';
import { OBJECTIVES } from '../../domain/research';
import { STRATEGY_NAMES } from '../../domain/strategies';
import { DEFAULT_EVOLUTION_SETTINGS as EVOLUTION, DEFAULT_ROLLBACK_TOLERANCE } from '../../workflows/definitions/evolution-cycle';
import { note, positiveInt32, text, whenFieldsParsed } from '../schemas/common';
import { DEFAULT_HOLDOUT_FRACTION, DEFAULT_OPTIMIZATION_SETTINGS as OPTIMIZATION } from '../../workflows/definitions/strategy-optimization';

/** Request bodies of the research triggers and version changes; each bad field comes back in the 400 by its path. */
const strategy = z.enum(STRATEGY_NAMES as [string, ...string[]]);
const instruments = z.array(z.enum(Object.keys(INSTRUMENTS) as [string, ...string[]])).min(1).max(Object.keys(INSTRUMENTS).length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an instrument');
const requestedBy = note;
/** Bars of one instrument a search may load: a year of M5, or ten of H1. */
export const MAX_RESEARCH_BARS = 105_120;
const DAY_MS = 86_400_000;
const fraction = z.number().gt(0).lt(1);

const gate = z.strictObject({
  minImprovement: z.number().min(0).default(EVOLUTION.gate.minImprovement),
  minConfidence: z.number().min(0.5).max(1).default(EVOLUTION.gate.minConfidence),
  minTrades: z.number().int().min(0).default(EVOLUTION.gate.minTrades),
  minPeriods: z.number().int().min(2).optional(),
  maxDrawdown: fraction.default(EVOLUTION.gate.maxDrawdown),
  maxPeriodLoss: fraction.optional(),
  /** Refuse a search winner whose probability of backtest overfitting is above this (docs/promotion-gate.md; default 0.5). */
  maxBacktestOverfitting: z.number().min(0).max(1).optional(),
});

const period = z.union([
  z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
    .transform(({ from, to }) => ({ fromMs: Date.parse(from), toMs: Date.parse(to) }))
    .refine(({ fromMs, toMs }) => fromMs < toMs, { message: 'from must be before to', ...whenFieldsParsed }),
  z.strictObject({ lastDays: z.number().int().min(1).max(3650) }),
]);

export const strategyOptimizationRequest = z.strictObject({
  strategy,
  instruments,
  granularity: z.enum(GRANULARITIES).default(OPTIMIZATION.granularity),
  period: period.default(OPTIMIZATION.period),
  search: z.enum(['grid', 'random', 'evolutionary']).default(OPTIMIZATION.search),
  budget: z.number().int().min(1).max(5000).default(OPTIMIZATION.budget),
  objective: z.enum(OBJECTIVES).default(OPTIMIZATION.objective),
  walkForward: z.strictObject({ folds: z.number().int().min(1).max(20), inSampleFraction: fraction }).default(OPTIMIZATION.walkForward),
  /** The last share of the bars, kept out of the search, on which the winner is judged. */
  holdoutFraction: z.number().gt(0).max(0.5).default(DEFAULT_HOLDOUT_FRACTION),
  constraints: z.strictObject({ minTrades: z.number().int().min(0).optional(), maxDrawdown: fraction.optional() }).default(OPTIMIZATION.constraints),
  autoDeploy: z.boolean().default(OPTIMIZATION.autoDeploy),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(OPTIMIZATION.seed),
  batchSize: z.number().int().min(1).max(200).default(OPTIMIZATION.batchSize),
  parallelism: z.number().int().min(1).max(16).default(OPTIMIZATION.parallelism),
  batchesPerRun: z.number().int().min(1).max(100).default(OPTIMIZATION.batchesPerRun),
  gate: gate.default(OPTIMIZATION.gate),
  downloadCandles: z.boolean().default(OPTIMIZATION.downloadCandles),
  requestedBy,
}).superRefine((body, context) => {
  const spanMs = 'lastDays' in body.period ? body.period.lastDays * DAY_MS : body.period.toMs - body.period.fromMs;
  const bars = Math.ceil(spanMs / granularityMs(body.granularity));
  if (bars > MAX_RESEARCH_BARS) {
    context.addIssue({ code: 'custom', path: ['period'], message: `${bars} ${body.granularity} bars per instrument; at most ${MAX_RESEARCH_BARS}: a shorter period or a coarser granularity` });
  }
}, whenFieldsParsed);

export const evolutionCycleRequest = z.strictObject({
  strategy,
  instruments,
  granularity: z.enum(GRANULARITIES).default(EVOLUTION.granularity),
  lookbackBars: z.number().int().min(100).max(20_000).default(EVOLUTION.lookbackBars),
  evaluationBars: z.number().int().min(2).max(10_000).default(EVOLUTION.evaluationBars),
  mutations: z.number().int().min(0).max(50).default(EVOLUTION.mutations),
  mutationScale: z.number().gt(0).max(1).default(EVOLUTION.mutationScale),
  reoptimizationBudget: z.number().int().min(1).max(2000).default(EVOLUTION.reoptimizationBudget),
  objective: z.enum(OBJECTIVES).default(EVOLUTION.objective),
  gate: gate.default(EVOLUTION.gate),
  rollback: z.strictObject({
    objectiveShortfall: z.number().min(0),
    drawdownMultiple: z.number().min(1),
    minPeriods: z.number().int().min(0),
    minTrades: z.number().int().min(1).default(DEFAULT_ROLLBACK_TOLERANCE.minTrades),
    minConfidence: z.number().min(0).lt(1).default(DEFAULT_ROLLBACK_TOLERANCE.minConfidence),
  }).default(DEFAULT_ROLLBACK_TOLERANCE),
  regime: z.strictObject({ maxVolatilityRatio: z.number().gt(1), maxDriftShiftZ: z.number().min(0) }).default(EVOLUTION.regime),
  downloadCandles: z.boolean().default(EVOLUTION.downloadCandles),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  requestedBy,
}).refine((body) => body.evaluationBars < body.lookbackBars, { path: ['evaluationBars'], message: 'must be fewer than lookbackBars', ...whenFieldsParsed });

export const strategyPath = z.object({ name: strategy });
export const versionPath = z.object({ name: strategy, version: positiveInt32 });
/** Why the active version changes (the caller's identity is who): both land in the audit log; `by` is a note. */
export const versionChangeRequest = z.strictObject({ by: note, reason: text(500) });
