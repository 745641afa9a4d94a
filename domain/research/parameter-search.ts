import { seededRandom, type Random } from '../random';
import { enumerateGrid, mutateParameters, sampleParameters, withScales, type ParameterSpace, type ParameterValues, type ScaleUse } from '../strategies/parameter-space';
import { getStrategy } from '../strategies/registry';
import { deriveSeed } from './derive-seed';
import { rankTrials, type RankedTrial, type TrialScore } from './trial-ranking';

export type SearchKind = 'grid' | 'random' | 'evolutionary';

/** A (μ + λ) genetic search: the best `parents` results so far breed each batch (tournament, crossover, mutation). */
export interface EvolutionSettings {
  parents: number;
  /** Mutation step as a share of each parameter's range (see mutateParameters), at the start of the search. */
  mutationScale: number;
  /**
   * The step shrinks linearly to this by the end of the budget: wide steps explore, narrow ones then refine (a step
   * proportional to a wide range can never move a small integer by one).
   */
  finalMutationScale: number;
  /** Probability that a child mixes two parents before it is mutated. */
  crossoverRate: number;
  /**
   * Share of the budget sampled at random before any breeding: a population bred from the first handful of results
   * settles in the first basin it finds. Absent in searches started before it existed, which breed at once.
   */
  explorationFraction?: number;
}

export const DEFAULT_EVOLUTION: Required<EvolutionSettings> = { parents: 8, mutationScale: 0.1, finalMutationScale: 0.01, crossoverRate: 0.5, explorationFraction: 0.25 };

export interface SearchTrial {
  id: number;
  batch: number;
  params: ParameterValues;
  result?: TrialResult;
}

export interface TrialResult extends TrialScore {
  /** Per-period (not annualized) Sharpe ratio of the trial's out-of-sample period returns, for the deflated Sharpe. */
  periodSharpe: number;
}

/** Plain JSON: a workflow carries it across continue-as-new and gets the same search back. */
export interface SearchState {
  kind: SearchKind;
  strategy: string;
  /** Most trials the search will propose (a grid smaller than this proposes all of its points). */
  budget: number;
  seed: number;
  batches: number;
  /** Set when no new distinct candidate could be found: the space is used up. */
  exhausted: boolean;
  /** Grid resolution, fixed at creation. */
  gridPointsPerAxis?: number;
  evolution?: EvolutionSettings;
  /** Absent in searches started before parameter scales existed: those sample every range linearly. */
  scales?: ScaleUse;
  trials: SearchTrial[];
}

export interface SearchOptions {
  kind: SearchKind;
  strategy: string;
  budget: number;
  seed: number;
  /** Grid only: the resolution to search at; by default the smallest whose grid holds `budget` points. */
  gridPointsPerAxis?: number;
  evolution?: Partial<EvolutionSettings>;
  /** Default 'as-specified'. */
  scales?: ScaleUse;
}

/**
 * How searches sampled before log scales and the evolutionary search's exploration: what a workflow that started a
 * search on older code must keep doing when it is replayed, so that each recorded result stays with its parameters.
 */
export const LEGACY_SEARCH_SAMPLING = { scales: 'linear', evolution: { explorationFraction: 0 } } as const satisfies Pick<SearchOptions, 'scales' | 'evolution'>;

const MAX_GRID_POINTS_PER_AXIS = 50;
/** Fresh draws tried for one candidate before the space is declared used up. */
const MAX_DRAWS_PER_CANDIDATE = 200;

const spaceOf = (state: Pick<SearchState, 'strategy' | 'scales'>): ParameterSpace<ParameterValues> => withScales(getStrategy(state.strategy).parameterSpace, state.scales ?? 'linear');

/** Identity of a parameter set for de-duplication: values in the space's field order. */
export function parameterKey(space: ParameterSpace<ParameterValues>, params: ParameterValues): string {
  return JSON.stringify(Object.keys(space.parameters).map((field) => params[field]));
}

function gridPointsFor(space: ParameterSpace<ParameterValues>, budget: number): number {
  for (let points = 2; points < MAX_GRID_POINTS_PER_AXIS; points++) {
    if (enumerateGrid(space, points).length >= budget) return points;
  }
  return MAX_GRID_POINTS_PER_AXIS;
}

export function createSearch(options: SearchOptions): SearchState {
  const { kind, strategy, budget, seed } = options;
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`search budget must be a positive integer, got ${budget}`);
  if (!Number.isInteger(seed)) throw new RangeError(`search seed must be an integer, got ${seed}`);
  const state: SearchState = { kind, strategy, budget, seed, batches: 0, exhausted: false, scales: options.scales ?? 'as-specified', trials: [] };
  const space = spaceOf(state);
  if (kind === 'grid') {
    const points = options.gridPointsPerAxis ?? gridPointsFor(space, budget);
    if (!Number.isInteger(points) || points < 1) throw new RangeError(`gridPointsPerAxis must be a positive integer, got ${points}`);
    state.gridPointsPerAxis = points;
  }
  if (kind === 'evolutionary') {
    const evolution = { ...DEFAULT_EVOLUTION, ...options.evolution };
    if (!Number.isInteger(evolution.parents) || evolution.parents < 1) throw new RangeError(`evolution parents must be a positive integer, got ${evolution.parents}`);
    if (!(evolution.crossoverRate >= 0 && evolution.crossoverRate <= 1)) throw new RangeError(`crossoverRate must be in [0, 1], got ${evolution.crossoverRate}`);
    if (!(evolution.explorationFraction >= 0 && evolution.explorationFraction < 1)) throw new RangeError(`explorationFraction must be in [0, 1), got ${evolution.explorationFraction}`);
    for (const field of ['mutationScale', 'finalMutationScale'] as const) {
      if (!(evolution[field] > 0 && evolution[field] <= 1)) throw new RangeError(`${field} must be in (0, 1], got ${evolution[field]}`);
    }
    state.evolution = evolution;
  }
  return state;
}

/** Grid points in a fixed order; a grid larger than the budget is thinned to every (size / budget)-th point. */
function gridCandidates(state: SearchState, space: ParameterSpace<ParameterValues>, size: number): ParameterValues[] {
  const grid = enumerateGrid(space, state.gridPointsPerAxis!);
  const total = Math.min(state.budget, grid.length);
  const out: ParameterValues[] = [];
  for (let k = state.trials.length; k < Math.min(total, state.trials.length + size); k++) out.push(grid[Math.floor((k * grid.length) / total)]!);
  return out;
}

function uniformCrossover(space: ParameterSpace<ParameterValues>, a: ParameterValues, b: ParameterValues, random: Random): ParameterValues {
  return Object.fromEntries(Object.keys(space.parameters).map((field) => [field, random.next() < 0.5 ? a[field]! : b[field]!]));
}

const satisfies = (space: ParameterSpace<ParameterValues>, params: ParameterValues): boolean => space.constraints.every((c) => c.holds(params));

/** Parent breeding; a fresh sample while the search still explores or no recorded result can breed yet. */
function evolutionaryDraw(state: SearchState, space: ParameterSpace<ParameterValues>, random: Random): () => ParameterValues {
  const settings = state.evolution!;
  const recorded = state.trials.flatMap((trial): (RankedTrial & { params: ParameterValues })[] => (trial.result ? [{ id: trial.id, params: trial.params, score: trial.result.score, feasible: trial.result.feasible }] : []));
  const parents = rankTrials(recorded).slice(0, settings.parents);
  const exploring = state.trials.length < (settings.explorationFraction ?? 0) * state.budget;
  if (parents.length === 0 || exploring) return () => sampleParameters(space, random);
  const progress = state.trials.length / state.budget;
  const scale = settings.mutationScale + (settings.finalMutationScale - settings.mutationScale) * progress;
  // Ranked best first, so a tournament of two is the lower of two random indices.
  const tournament = (): ParameterValues => parents[Math.min(random.int(0, parents.length - 1), random.int(0, parents.length - 1))]!.params;
  return () => {
    const first = tournament();
    const mixed = random.next() < settings.crossoverRate ? uniformCrossover(space, first, tournament(), random) : first;
    const base = satisfies(space, mixed) ? mixed : first;
    return mutateParameters(space, base, random, scale);
  };
}

/** `size` new distinct candidates (fewer when the budget or the space runs out). */
export function nextBatch(state: SearchState, size: number): { state: SearchState; candidates: SearchTrial[] } {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const space = spaceOf(state);
  const room = Math.min(size, state.budget - state.trials.length);
  if (room <= 0 || state.exhausted) return { state, candidates: [] };
  const batch = state.batches;
  let exhausted = false;
  let params: ParameterValues[];
  if (state.kind === 'grid') {
    params = gridCandidates(state, space, room);
    exhausted = params.length < room;
  } else {
    const random = seededRandom(deriveSeed(state.seed, batch));
    const draw = state.kind === 'random' ? () => sampleParameters(space, random) : evolutionaryDraw(state, space, random);
    const seen = new Set(state.trials.map((trial) => parameterKey(space, trial.params)));
    params = [];
    while (params.length < room && !exhausted) {
      let found: ParameterValues | undefined;
      for (let attempt = 0; attempt < MAX_DRAWS_PER_CANDIDATE && !found; attempt++) {
        // Once half the attempts have bred only repeats (a population collapsed onto a few points), sample afresh.
        const candidate = attempt < MAX_DRAWS_PER_CANDIDATE / 2 ? draw() : sampleParameters(space, random);
        if (!seen.has(parameterKey(space, candidate))) found = candidate;
      }
      if (found) {
        seen.add(parameterKey(space, found));
        params.push(found);
      } else exhausted = true;
    }
  }
  const candidates = params.map((p, i): SearchTrial => ({ id: state.trials.length + i, batch, params: p }));
  return { state: { ...state, batches: batch + 1, exhausted, trials: [...state.trials, ...candidates] }, candidates };
}

export interface TrialOutcome extends TrialResult {
  id: number;
}

export function recordResults(state: SearchState, results: readonly TrialOutcome[]): SearchState {
  const trials = [...state.trials];
  for (const { id, score, feasible, periodSharpe } of results) {
    const trial = trials[id];
    if (!trial || trial.id !== id) throw new RangeError(`no trial ${id} was proposed (the search has ${trials.length})`);
    if (trial.result) throw new RangeError(`trial ${id} already has a result`);
    if (!Number.isFinite(score) || !Number.isFinite(periodSharpe)) throw new RangeError(`trial ${id} has a non-finite score ${score} or period Sharpe ${periodSharpe}; cap ratios before recording`);
    trials[id] = { ...trial, result: { score, feasible, periodSharpe } };
  }
  return { ...state, trials };
}

export interface SearchProgress {
  budget: number;
  proposed: number;
  completed: number;
  /** Nothing left to propose and every proposal has a result. */
  done: boolean;
  best?: { id: number; params: ParameterValues; score: number; feasible: boolean };
}

export function searchProgress(state: SearchState): SearchProgress {
  const completed = state.trials.filter((trial) => trial.result);
  const [best] = rankTrials(completed.map((trial) => ({ id: trial.id, score: trial.result!.score, feasible: trial.result!.feasible })));
  const gridSize = state.kind === 'grid' ? enumerateGrid(spaceOf(state), state.gridPointsPerAxis!).length : Infinity;
  const proposable = Math.min(state.budget, gridSize);
  const nothingLeft = state.exhausted || state.trials.length >= proposable;
  return {
    budget: state.budget,
    proposed: state.trials.length,
    completed: completed.length,
    done: nothingLeft && completed.length === state.trials.length,
    ...(best && { best: { id: best.id, params: state.trials[best.id]!.params, score: best.score, feasible: best.feasible } }),
  };
}
