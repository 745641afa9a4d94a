import { z } from 'zod';
import { realizedTotals } from '../../domain/research/live-record';
import { STRATEGIES } from '../../domain/strategies';
import { activeStrategyParams } from '../../infra/db/queries/strategy-params';
import { activateStrategyVersion, listStrategyVersions, previouslyActiveVersion, UnknownStrategyVersionError } from '../../infra/db/queries/strategy-versions';
import { versionTrades } from '../../infra/db/queries/version-trades';
import { EVOLUTION_CYCLE_WORKFLOW, type EvolutionCycleInput } from '../../workflows/definitions/evolution-cycle';
import { STRATEGY_OPTIMIZATION_WORKFLOW, type StrategyOptimizationInput } from '../../workflows/definitions/strategy-optimization';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { createWorkflowStarter } from '../workflow-starter';
import { evolutionCycleRequest, strategyOptimizationRequest, strategyPath, versionChangeRequest, versionPath } from './research-requests';
import { startWorkflowOperation } from './start-workflow-operation';
import { STARTED_RESPONSES } from './started-responses';

const activation = z.object({ version: z.number().int(), retiredVersion: z.number().int().optional(), changed: z.boolean(), rolledBackFrom: z.number().int().optional() });
const strategies = z.object({ items: z.array(z.object({
  strategy: z.string(),
  description: z.string(),
  active: z.object({
    version: z.number().int(), params: z.record(z.string(), z.unknown()), activatedAt: z.string().nullable(),
    live: z.object({ tradesOpened: z.number().int(), tradesClosed: z.number().int(), realizedPl: z.number(), winRate: z.number() }),
  }).nullable(),
})) });
const versions = z.object({ strategy: z.string(), versions: z.array(z.object({ version: z.number().int(), status: z.string() }).loose()) });

/** Research triggers, and the strategy versions they produce: listed with metrics, activated or rolled back by a person. */
export function researchOperations(deps: ApiDependencies): Operation[] {
  const { config, database } = deps;
  const { db } = database;
  const startWorkflow = createWorkflowStarter(deps);
  const { 404: _noAccount, ...researchStarted } = STARTED_RESPONSES;

  /** The active version of a strategy and what its trades realized since it went live (closes so far, open trades not yet). */
  async function activeVersionRecord(strategy: string) {
    const active = await activeStrategyParams(db, strategy);
    if (!active) return null;
    const sinceMs = (active.activatedAt ?? active.createdAt).getTime();
    const { tradesOpenedByAccount, closes } = await versionTrades(db, { strategy, version: active.version, sinceMs, untilMs: Date.now() + 1 });
    const tradesOpened = Object.values(tradesOpenedByAccount).reduce((sum, count) => sum + count, 0);
    return {
      version: active.version, params: active.params, activatedAt: active.activatedAt?.toISOString() ?? null,
      live: { tradesOpened, ...realizedTotals(closes) },
    };
  }

  return [
    operation({
      method: 'get', path: '/api/strategies', operationId: 'listStrategies', tag: 'research', access: 'viewer',
      summary: 'Every strategy the product runs, with its active parameter version (null when none is active) and that version\'s live record since it was activated: trades its orders opened, trades with a realized close, realized P/L and win rate.',
      responses: { 200: { description: 'one entry per strategy', schema: strategies } },
      async handle(_input, response) {
        const items = await Promise.all(STRATEGIES.map(async (strategy) => ({
          strategy: strategy.name, description: strategy.description, active: await activeVersionRecord(strategy.name),
        })));
        response.json({ items });
      },
    }),
    startWorkflowOperation(startWorkflow, config.API_WAIT_MAX_MS, {
      path: '/api/workflows/strategy-optimization', operationId: 'startStrategyOptimization', tag: 'research', access: 'trader',
      summary: 'A walk-forward parameter search ranked on out-of-sample results; the winner, judged on a final holdout, becomes a candidate version.',
      body: strategyOptimizationRequest, responses: researchStarted, workflowType: STRATEGY_OPTIMIZATION_WORKFLOW, idPrefix: 'strategy-optimization',
      input: (body, identity): StrategyOptimizationInput => ({ ...body, requestedBy: identity.name }),
    }),
    startWorkflowOperation(startWorkflow, config.API_WAIT_MAX_MS, {
      path: '/api/workflows/evolution-cycle', operationId: 'startEvolutionCycle', tag: 'research', access: 'trader',
      summary: 'One evolution cycle now: live record → rollback check → hypotheses → sandbox test on unseen bars → promotion gate.',
      body: evolutionCycleRequest, responses: researchStarted, workflowType: EVOLUTION_CYCLE_WORKFLOW, idPrefix: 'evolution-cycle',
      input: (body, identity): EvolutionCycleInput => ({ ...body, requestedBy: identity.name }),
    }),
    operation({
      method: 'get', path: '/api/strategies/:name/versions', operationId: 'listStrategyVersions', tag: 'research', access: 'viewer',
      summary: 'Every parameter version of a strategy with its metrics and status (candidate, active, retired).',
      params: strategyPath, responses: { 200: { description: 'the versions, newest first', schema: versions } },
      async handle({ params }, response) {
        const rows = await listStrategyVersions(db, params.name);
        response.json({ strategy: params.name, versions: rows.map(({ id: _id, strategy: _strategy, ...version }) => version) });
      },
    }),
    operation({
      method: 'post', path: '/api/strategies/:name/versions/:version/activate', operationId: 'activateStrategyVersion', tag: 'research', access: 'admin',
      summary: 'Makes a version the active one (the hot path trades it within a second), audited as the caller.',
      params: versionPath, body: versionChangeRequest,
      responses: { 200: { description: 'active (changed is false when it already was)', schema: activation }, 404: { description: 'no such version' } },
      async handle({ params, body, identity }, response) {
        try {
          response.json(await activateStrategyVersion(db, {
            strategy: params.name, target: { version: params.version }, actor: identity.name, reason: body.reason, action: 'strategy.activate', details: { note: body.by },
          }));
        } catch (error) {
          if (error instanceof UnknownStrategyVersionError) throw new HttpError(404, error.message);
          throw error;
        }
      },
    }),
    operation({
      method: 'post', path: '/api/strategies/:name/versions/:version/rollback', operationId: 'rollBackStrategyVersion', tag: 'research', access: 'admin',
      summary: 'Rolls the active version back to the one active before it, audited as the caller.',
      params: versionPath, body: versionChangeRequest,
      responses: { 200: { description: 'rolled back', schema: activation }, 409: { description: 'not the active version, or nothing to roll back to' } },
      async handle({ params, body, identity }, response) {
        const active = (await listStrategyVersions(db, params.name)).find((row) => row.status === 'active');
        if (active?.version !== params.version) {
          throw new HttpError(409, `version ${params.version} of ${params.name} is not the active version (active: ${active?.version ?? 'none'}); only the active version can be rolled back`);
        }
        const previous = await previouslyActiveVersion(db, params.name);
        if (!previous) throw new HttpError(409, `${params.name} has no previously active version to roll back to`);
        const result = await activateStrategyVersion(db, {
          strategy: params.name, target: { version: previous.version }, actor: identity.name, reason: body.reason, action: 'strategy.rollback', details: { rolledBackFrom: params.version, note: body.by },
        });
        response.json({ ...result, rolledBackFrom: params.version });
      },
    }),
  ];
}
