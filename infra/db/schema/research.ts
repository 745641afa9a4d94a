import { bigserial, boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Every backtest trial an optimization or an evolution cycle ran. (run_id, trial_key) is unique so a retried
 * trial activity never stores a trial twice; run_id is the optimization's or cycle's workflow id.
 */
export const backtestRuns = pgTable('backtest_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  runId: text('run_id').notNull(),
  purpose: text('purpose').$type<'optimization' | 'evolution' | 'manual'>().notNull(),
  trialKey: text('trial_key').notNull(),
  strategy: text('strategy').notNull(),
  params: jsonb('params').$type<Record<string, unknown>>().notNull(),
  instruments: jsonb('instruments').$type<string[]>().notNull(),
  granularity: text('granularity').notNull(),
  periodStart: timestamp('period_start', { withTimezone: true }),
  periodEnd: timestamp('period_end', { withTimezone: true }),
  objective: text('objective').notNull(),
  /** Out-of-sample objective; null when the trial could not be evaluated. */
  score: doublePrecision('score'),
  feasible: boolean('feasible').notNull(),
  trades: integer('trades'),
  maxDrawdown: doublePrecision('max_drawdown'),
  metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
  violations: jsonb('violations').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  uniqueIndex('backtest_runs_run_trial_idx').on(table.runId, table.trialKey),
  index('backtest_runs_strategy_created_idx').on(table.strategy, table.createdAt),
  check('backtest_runs_purpose_check', sql`${table.purpose} in ('optimization', 'evolution', 'manual')`),
]);

export const EVOLUTION_DECISIONS = ['promote', 'keep', 'rollback'] as const;
export type EvolutionDecision = (typeof EVOLUTION_DECISIONS)[number];

/** One row per evolution cycle: every hypothesis with its metrics, the decision and the reason for it. */
export const evolutionGenerations = pgTable('evolution_generations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  strategy: text('strategy').notNull(),
  workflowId: text('workflow_id').notNull(),
  runId: text('run_id'),
  activeVersionBefore: integer('active_version_before'),
  activeVersionAfter: integer('active_version_after'),
  decision: text('decision').$type<EvolutionDecision>().notNull(),
  reason: text('reason').notNull(),
  regime: jsonb('regime').$type<Record<string, unknown>>().notNull().default({}),
  hypotheses: jsonb('hypotheses').$type<Array<Record<string, unknown>>>().notNull().default([]),
  metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  uniqueIndex('evolution_generations_workflow_idx').on(table.workflowId),
  index('evolution_generations_strategy_idx').on(table.strategy, table.finishedAt),
  check('evolution_generations_decision_check', sql`${table.decision} in ('promote', 'keep', 'rollback')`),
]);
