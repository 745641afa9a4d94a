import { Router } from 'express';
import { activateStrategyVersion, listStrategyVersions, previouslyActiveVersion, UnknownStrategyVersionError } from '../../infra/db/queries/strategy-versions';
import { EVOLUTION_CYCLE_WORKFLOW, type EvolutionCycleInput } from '../../workflows/definitions/evolution-cycle';
import { STRATEGY_OPTIMIZATION_WORKFLOW, type StrategyOptimizationInput } from '../../workflows/definitions/strategy-optimization';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { parseOrThrow } from '../validation';
import { createWorkflowStarter } from '../workflow-starter';
import { evolutionCycleRequest, strategyOptimizationRequest, strategyPath, versionChangeRequest, versionPath } from './research-requests';
import { respondStarted } from './started-workflow';
import { waitQuery } from './workflow-requests';

/** Research triggers, and the strategy versions they produce: listed with metrics, activated or rolled back by a person. */
export function researchRoutes(deps: ApiDependencies): Router {
  const router = Router();
  const { db } = deps.database;
  const startWorkflow = createWorkflowStarter(deps);

  router.post('/api/workflows/strategy-optimization', async (request, response) => {
    const input: StrategyOptimizationInput = parseOrThrow(strategyOptimizationRequest, request.body ?? {}, 'body');
    const { wait } = parseOrThrow(waitQuery, request.query, 'query');
    const started = await startWorkflow({ request, workflowType: STRATEGY_OPTIMIZATION_WORKFLOW, workflowId: { prefix: 'strategy-optimization' }, args: [input] });
    await respondStarted(started, wait, response);
  });

  router.post('/api/workflows/evolution-cycle', async (request, response) => {
    const input: EvolutionCycleInput = parseOrThrow(evolutionCycleRequest, request.body ?? {}, 'body');
    const { wait } = parseOrThrow(waitQuery, request.query, 'query');
    const started = await startWorkflow({ request, workflowType: EVOLUTION_CYCLE_WORKFLOW, workflowId: { prefix: 'evolution-cycle' }, args: [input] });
    await respondStarted(started, wait, response);
  });

  router.get('/api/strategies/:name/versions', async (request, response) => {
    const { name } = parseOrThrow(strategyPath, request.params, 'params');
    const versions = await listStrategyVersions(db, name);
    response.json({ strategy: name, versions: versions.map(({ id: _id, strategy: _strategy, ...version }) => version) });
  });

  router.post('/api/strategies/:name/versions/:version/activate', async (request, response) => {
    const { name, version } = parseOrThrow(versionPath, request.params, 'params');
    const { by, reason } = parseOrThrow(versionChangeRequest, request.body ?? {}, 'body');
    try {
      response.json(await activateStrategyVersion(db, { strategy: name, target: { version }, actor: by, reason, action: 'strategy.activate' }));
    } catch (error) {
      if (error instanceof UnknownStrategyVersionError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  router.post('/api/strategies/:name/versions/:version/rollback', async (request, response) => {
    const { name, version } = parseOrThrow(versionPath, request.params, 'params');
    const { by, reason } = parseOrThrow(versionChangeRequest, request.body ?? {}, 'body');
    const active = (await listStrategyVersions(db, name)).find((row) => row.status === 'active');
    if (active?.version !== version) throw new HttpError(409, `version ${version} of ${name} is not the active version (active: ${active?.version ?? 'none'}); only the active version can be rolled back`);
    const previous = await previouslyActiveVersion(db, name);
    if (!previous) throw new HttpError(409, `${name} has no previously active version to roll back to`);
    const result = await activateStrategyVersion(db, { strategy: name, target: { version: previous.version }, actor: by, reason, action: 'strategy.rollback', details: { rolledBackFrom: version } });
    response.json({ ...result, rolledBackFrom: version });
  });

  return router;
}
