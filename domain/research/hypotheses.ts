import { seededRandom } from '../random';
import { mutateParameters, withScales, type ParameterValues, type ScaleUse } from '../strategies/parameter-space';
import { getStrategy } from '../strategies/registry';
import { deriveSeed } from './derive-seed';
import { parameterKey } from './parameter-search';

export interface StrategyVersion {
  version: number;
  params: ParameterValues;
}

/**
 * A change the evolution cycle may make. A re-optimization carries no parameters: it asks the workflow to run a
 * search on the generation window, whose winner is then sandbox-tested like any other hypothesis.
 */
export type Hypothesis =
  | { id: string; kind: 'mutation'; basedOnVersion: number; params: ParameterValues }
  | { id: string; kind: 'reoptimization'; basedOnVersion: number; reason: string }
  | { id: string; kind: 'rollback'; version: number; params: ParameterValues };

export interface HypothesisRequest {
  strategy: string;
  active: StrategyVersion;
  /** The version active before the current one, when there was one: the rollback candidate. */
  previousActive?: StrategyVersion;
  regimeChanged: boolean;
  seed: number;
  /** Mutations to propose around the active version. */
  count: number;
  /** Mutation step as a share of each parameter's range. Default 0.1. */
  mutationScale?: number;
  /** Default 'as-specified'; 'linear' mutates as cycles did before parameter scales existed. */
  scales?: ScaleUse;
}

const DRAWS_PER_MUTATION = 20;

/** Distinct mutations around the active version, a re-optimization if the regime changed, and a rollback candidate. */
export function generateHypotheses(request: HypothesisRequest): Hypothesis[] {
  const { active, previousActive, count } = request;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`mutation count must be a non-negative integer, got ${count}`);
  const strategy = getStrategy(request.strategy);
  const checked = strategy.validateParams(active.params);
  if (!checked.ok) throw new RangeError(`active version ${active.version} has invalid ${strategy.name} parameters: ${checked.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  const space = withScales(strategy.parameterSpace, request.scales ?? 'as-specified');
  const random = seededRandom(deriveSeed(request.seed, 0));
  const seen = new Set([parameterKey(space, active.params)]);
  const hypotheses: Hypothesis[] = [];
  // A small space may have fewer distinct neighbours than asked for: stop after a bounded number of draws.
  for (let draws = 0; hypotheses.length < count && draws < count * DRAWS_PER_MUTATION; draws++) {
    const params = mutateParameters(space, active.params, random, request.mutationScale ?? 0.1);
    const key = parameterKey(space, params);
    if (seen.has(key)) continue;
    seen.add(key);
    hypotheses.push({ id: `mutation-${hypotheses.length + 1}`, kind: 'mutation', basedOnVersion: active.version, params });
  }
  if (request.regimeChanged) {
    hypotheses.push({ id: 'reoptimization', kind: 'reoptimization', basedOnVersion: active.version, reason: 'the market regime changed since the active version was fitted' });
  }
  if (previousActive && !seen.has(parameterKey(space, previousActive.params))) {
    hypotheses.push({ id: `rollback-to-${previousActive.version}`, kind: 'rollback', version: previousActive.version, params: previousActive.params });
  }
  return hypotheses;
}
