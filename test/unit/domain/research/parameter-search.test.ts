import fc from 'fast-check';
import {
  createSearch, nextBatch, parameterKey, recordResults, searchProgress, type SearchKind, type SearchState,
} from '../../../../domain/research/parameter-search';
import { enumerateGrid, type ParameterValues } from '../../../../domain/strategies/parameter-space';
import { maCrossover } from '../../../../domain/strategies/ma-crossover';

const space = maCrossover.parameterSpace;

/** A cheap stand-in for a backtest: best at fast 10, slow 40; fast below 5 scores highest but breaks a constraint. */
function toyOutcome(id: number, params: ParameterValues) {
  const fast = params.fastPeriod as number;
  const slow = params.slowPeriod as number;
  const score = fast < 5 ? 100 : -((fast - 10) ** 2) / 10 - ((slow - 40) ** 2) / 100;
  return { id, score, feasible: fast >= 5, periodSharpe: score / 1000 };
}

function run(state: SearchState, batchSize: number, maxBatches = Infinity): SearchState {
  for (let batches = 0; batches < maxBatches; batches++) {
    const batch = nextBatch(state, batchSize);
    if (batch.candidates.length === 0) return batch.state;
    state = recordResults(batch.state, batch.candidates.map((candidate) => toyOutcome(candidate.id, candidate.params)));
  }
  return state;
}

const KINDS: SearchKind[] = ['grid', 'random', 'evolutionary'];

describe('parameter search', () => {
  it.each(KINDS)('%s: the same seed proposes the same trials; the state is plain JSON that resumes identically', (kind) => {
    const full = run(createSearch({ kind, strategy: 'ma-crossover', budget: 60, seed: 11 }), 12);
    const again = run(createSearch({ kind, strategy: 'ma-crossover', budget: 60, seed: 11 }), 12);
    expect(again).toEqual(full);

    const halfway = run(createSearch({ kind, strategy: 'ma-crossover', budget: 60, seed: 11 }), 12, 2);
    expect(halfway.trials).toHaveLength(24);
    // What continue-as-new does to the state: serialize, hand over, parse.
    const resumed = run(JSON.parse(JSON.stringify(halfway)) as SearchState, 12);
    expect(resumed).toEqual(full);
    expect(resumed.trials).toHaveLength(60);
    expect(resumed.trials.every((trial) => trial.result !== undefined)).toBe(true);
  });

  it('draws different trials from different seeds', () => {
    const a = run(createSearch({ kind: 'random', strategy: 'ma-crossover', budget: 10, seed: 1 }), 10);
    const b = run(createSearch({ kind: 'random', strategy: 'ma-crossover', budget: 10, seed: 2 }), 10);
    expect(a.trials.map((t) => t.params)).not.toEqual(b.trials.map((t) => t.params));
  });

  it('never proposes the same parameters twice, stays within the budget and numbers trials in order', () => {
    fc.assert(fc.property(
      fc.constantFrom(...KINDS), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 30 }),
      (kind, seed, budget, batchSize) => {
        const state = run(createSearch({ kind, strategy: 'ma-crossover', budget, seed, evolution: { parents: 3, mutationScale: 0.02 } }), batchSize);
        const keys = state.trials.map((trial) => parameterKey(space, trial.params));
        expect(new Set(keys).size).toBe(keys.length);
        expect(state.trials).toHaveLength(budget);
        expect(state.trials.map((trial) => trial.id)).toEqual(keys.map((_, i) => i));
        for (const trial of state.trials) expect(maCrossover.validateParams(trial.params)).toEqual({ ok: true, params: trial.params });
        expect(searchProgress(state)).toMatchObject({ budget, proposed: budget, completed: budget, done: true });
      },
    ), { numRuns: 30 });
  });

  it('stops when a small space is used up instead of repeating itself', () => {
    // 2 points per axis: fast {2, 100} × slow {5, 400} leaves 3 pairs with fast < slow, × 2 × 2 × 2 kinds = 24.
    const grid = enumerateGrid(space, 2);
    expect(grid).toHaveLength(24);
    const done = run(createSearch({ kind: 'grid', strategy: 'ma-crossover', budget: 1000, seed: 1, gridPointsPerAxis: 2 }), 7);
    expect(done.trials.map((trial) => trial.params)).toEqual(grid);
    expect(done.exhausted).toBe(true);
    expect(searchProgress(done).done).toBe(true);
    expect(nextBatch(done, 5).candidates).toEqual([]);
  });

  it('grid: thins the smallest grid holding the budget to evenly spaced points', () => {
    const state = createSearch({ kind: 'grid', strategy: 'ma-crossover', budget: 100, seed: 1 });
    // 2 points per axis hold 24; 3 points, the periods on their log scales: fast {2, 14, 100} × slow {5, 45, 400}
    // leaves 6 pairs with fast < slow, × 3 ATR periods {5, 16, 50} × 3 stop multiples × 2 kinds = 108, the first grid
    // with room for 100.
    expect(enumerateGrid(space, 3)).toHaveLength(108);
    expect(state.gridPointsPerAxis).toBe(3);
    const grid = enumerateGrid(space, 3);
    const done = run(state, 30);
    expect(done.trials.map((trial) => trial.params)).toEqual(Array.from({ length: 100 }, (_, k) => grid[Math.floor((k * grid.length) / 100)]));
  });

  it('evolutionary: converges on the optimum and ranks constraint breakers last', () => {
    const state = run(createSearch({ kind: 'evolutionary', strategy: 'ma-crossover', budget: 150, seed: 5 }), 15);
    const progress = searchProgress(state);
    expect(progress.best!.feasible).toBe(true);
    expect(progress.best!.params.fastPeriod).toBeGreaterThanOrEqual(8);
    expect(progress.best!.params.fastPeriod).toBeLessThanOrEqual(12);
    expect(Math.abs((progress.best!.params.slowPeriod as number) - 40)).toBeLessThanOrEqual(10);
    // Random search with the same budget lands further from the optimum.
    const random = searchProgress(run(createSearch({ kind: 'random', strategy: 'ma-crossover', budget: 150, seed: 5 }), 15));
    expect(progress.best!.score).toBeGreaterThan(random.best!.score);
  });

  it('evolutionary: explores its first quarter at random, then breeds; a state saved before that setting breeds at once', () => {
    const evolutionary = run(createSearch({ kind: 'evolutionary', strategy: 'ma-crossover', budget: 80, seed: 9 }), 10);
    const random = run(createSearch({ kind: 'random', strategy: 'ma-crossover', budget: 80, seed: 9 }), 10);
    const params = (state: SearchState, from: number, to: number) => state.trials.slice(from, to).map((trial) => trial.params);
    // A quarter of 80 is the first two batches: the random search's own draws.
    expect(params(evolutionary, 0, 20)).toEqual(params(random, 0, 20));
    expect(params(evolutionary, 20, 30)).not.toEqual(params(random, 20, 30));

    // A search carried across continue-as-new from before explorationFraction existed keeps breeding from its first results.
    const breedsAtOnce = createSearch({ kind: 'evolutionary', strategy: 'ma-crossover', budget: 80, seed: 9, evolution: { explorationFraction: 0 } });
    const saved = JSON.parse(JSON.stringify(breedsAtOnce)) as SearchState;
    delete saved.evolution!.explorationFraction;
    expect(run(saved, 10).trials).toEqual(run(breedsAtOnce, 10).trials);
    expect(params(run(breedsAtOnce, 10), 10, 20)).not.toEqual(params(random, 10, 20));
    expect(() => createSearch({ kind: 'evolutionary', strategy: 'ma-crossover', budget: 80, seed: 9, evolution: { explorationFraction: 1 } }))
      .toThrow('explorationFraction must be in [0, 1), got 1');
  });

  it('rejects results it cannot place', () => {
    const { state, candidates } = nextBatch(createSearch({ kind: 'random', strategy: 'ma-crossover', budget: 5, seed: 1 }), 2);
    expect(() => recordResults(state, [{ id: 7, score: 1, feasible: true, periodSharpe: 0 }])).toThrow('no trial 7 was proposed (the search has 2)');
    const recorded = recordResults(state, [toyOutcome(candidates[0]!.id, candidates[0]!.params)]);
    expect(() => recordResults(recorded, [{ id: 0, score: 1, feasible: true, periodSharpe: 0 }])).toThrow('trial 0 already has a result');
    expect(() => recordResults(state, [{ id: 1, score: Infinity, feasible: true, periodSharpe: 0 }])).toThrow('non-finite score');
    expect(searchProgress(recorded)).toMatchObject({ proposed: 2, completed: 1, done: false, best: { id: 0 } });
    expect(() => createSearch({ kind: 'random', strategy: 'nope', budget: 5, seed: 1 })).toThrow('unknown strategy "nope"');
    expect(() => createSearch({ kind: 'random', strategy: 'ma-crossover', budget: 0, seed: 1 })).toThrow('search budget must be a positive integer, got 0');
  });
});
