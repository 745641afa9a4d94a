import { z } from 'zod';
import { CONTROL_SIGNAL_NAMES } from '../../workflows/definitions/control';
import { GRANULARITIES, INSTRUMENTS } from '../../domain/market';
import { WEIGHTING_METHODS } from '../../domain/portfolio/target-weights';
import { findStrategy, STRATEGY_NAMES } from '../../domain/strategies';
import { accountId, note, text, whenFieldsParsed, workflowId } from '../schemas/common';

/** Request bodies of the workflow triggers; each bad field comes back in the 400 by its path. */
export const instrument = z.enum(Object.keys(INSTRUMENTS) as [string, ...string[]]);
/** The caller's note on who asked: the audit log's actor is the caller's identity, whatever this says. */
const requestedBy = note;
const distinct = (list: string[]) => new Set(list).size === list.length;

const strategyChoice = z.strictObject({
  name: z.enum(STRATEGY_NAMES as [string, ...string[]]),
  params: z.union([z.literal('active'), z.record(z.string().max(64), z.union([z.number(), z.string().max(64)]))]).default({}),
}).superRefine((choice, context) => {
  const strategy = findStrategy(choice.name);
  if (!strategy || choice.params === 'active') return;
  const validation = strategy.validateParams({ ...strategy.defaults, ...choice.params });
  if (validation.ok) return;
  for (const error of validation.errors) context.addIssue({ code: 'custom', path: ['params', error.field], message: error.message });
}, whenFieldsParsed);

export const analysisToTradeRequest = z.strictObject({
  accountId,
  instruments: z.array(instrument).min(1).max(Object.keys(INSTRUMENTS).length).refine(distinct, 'must not repeat an instrument'),
  strategy: strategyChoice,
  granularity: z.enum(GRANULARITIES).default('M5'),
  lookback: z.number().int().min(2).max(4999).default(200),
  execute: z.boolean().default(false),
  minConfidence: z.number().min(0).max(1).optional(),
  requestedBy,
});

export const portfolioRebalanceRequest = z.strictObject({
  accountId,
  method: z.enum(WEIGHTING_METHODS),
  // A partial record: every instrument may be named, none has to be.
  weights: z.partialRecord(instrument, z.number().min(-1).max(1)).transform((weights) => weights as Record<string, number>).optional(),
  instruments: z.array(instrument).max(Object.keys(INSTRUMENTS).length).refine(distinct, 'must not repeat an instrument').optional(),
  driftThreshold: z.number().min(0).max(1).default(0.02),
  maxOrderNotional: z.number().positive().max(1e9),
  approvalTimeoutMs: z.number().int().positive().max(7 * 86_400_000).optional(),
  requestedBy,
}).superRefine((body, context) => {
  if (body.method === 'target_weights' && !body.weights) context.addIssue({ code: 'custom', path: ['weights'], message: 'is required for method target_weights' });
  const gross = Object.values(body.weights ?? {}).reduce((sum: number, weight) => sum + Math.abs(weight), 0);
  if (gross > 1 + 1e-9) context.addIssue({ code: 'custom', path: ['weights'], message: `absolute weights sum to ${gross}, above 1` });
  if (body.method !== 'target_weights' && (body.instruments ?? []).length === 0 && !body.weights) {
    context.addIssue({ code: 'custom', path: ['instruments'], message: `is required for method ${body.method} (the instruments to weigh)` });
  }
}, whenFieldsParsed);

export const workflowPath = z.strictObject({ id: workflowId });
export const signalPath = z.strictObject({ id: workflowId, name: z.enum(CONTROL_SIGNAL_NAMES) });
/** `by` is a note beside the caller's identity, which the workflow records as who decided. */
export const signalRequest = z.strictObject({ by: note, reason: text(500).optional() }).default({});
