import { seededRandom } from '../../../../domain/random';
import { enumerateGrid, mutateParameters, sampleParameters, validateParameters, type ParameterSpace } from '../../../../domain/strategies/parameter-space';
import { maCrossover } from '../../../../domain/strategies/ma-crossover';

type Params = { fast: number; slow: number; width: number; kind: string };
const space: ParameterSpace<Params> = {
  parameters: {
    fast: { kind: 'int', min: 2, max: 4, description: 'fast' },
    slow: { kind: 'int', min: 3, max: 10, description: 'slow' },
    width: { kind: 'real', min: 1, max: 2, description: 'width' },
    kind: { kind: 'choice', values: ['sma', 'ema'], description: 'kind' },
  },
  constraints: [{ description: 'fast < slow', fields: ['fast', 'slow'], holds: (p) => p.fast < p.slow }],
};

describe('parameter spaces', () => {
  it('accepts a valid object and returns only the known fields', () => {
    expect(validateParameters(space, { fast: 2, slow: 5, width: 1.5, kind: 'ema' })).toEqual({ ok: true, params: { fast: 2, slow: 5, width: 1.5, kind: 'ema' } });
  });

  it('returns every error with the field it concerns instead of throwing', () => {
    const result = validateParameters(space, { fast: 2.5, slow: 50, width: '1', kind: 'wma', extra: 1 });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'fast', message: 'must be an integer in [2, 4], got 2.5' },
        { field: 'slow', message: 'must be an integer in [3, 10], got 50' },
        { field: 'width', message: 'must be a number in [1, 2], got "1"' },
        { field: 'kind', message: 'must be one of sma, ema, got wma' },
        { field: 'extra', message: 'is not a parameter (known: fast, slow, width, kind)' },
      ],
    });
    expect(validateParameters(space, { fast: 4, slow: 3, width: 1, kind: 'sma' })).toEqual({ ok: false, errors: [{ field: 'fast, slow', message: 'must satisfy fast < slow' }] });
    expect(validateParameters(space, { fast: 2 })).toMatchObject({ ok: false, errors: [{ field: 'slow', message: 'is required' }, { field: 'width' }, { field: 'kind' }] });
    expect(validateParameters(space, null)).toEqual({ ok: false, errors: [{ field: '(parameters)', message: 'must be an object of parameter values' }] });
    expect(validateParameters(space, { fast: Number.NaN, slow: 5, width: 1, kind: 'sma' })).toMatchObject({ ok: false, errors: [{ field: 'fast' }] });
  });

  it('enumerates a grid of evenly spaced points, integers rounded, keeping only points that satisfy the constraints', () => {
    // pointsPerAxis 3: fast 2, 3, 4; slow 3, 6.5 -> 7 (rounded), 10; width 1, 1.5, 2; kind sma, ema.
    // fast/slow pairs with fast < slow: (2,3) (2,7) (2,10) (3,7) (3,10) (4,7) (4,10) = 7; 7 x 3 widths x 2 kinds = 42.
    const grid = enumerateGrid(space, 3);
    expect(grid).toHaveLength(42);
    expect(grid[0]).toEqual({ fast: 2, slow: 3, width: 1, kind: 'sma' });
    expect(new Set(grid.map((p) => p.slow))).toEqual(new Set([3, 7, 10]));
    expect(grid.every((p) => p.fast < p.slow)).toBe(true);
    expect(() => enumerateGrid(space, 3, 10)).toThrow('grid of 54 points exceeds the limit of 10');
  });

  it('samples reproducibly from a seed, always inside bounds and constraints', () => {
    const a = Array.from({ length: 200 }, ((random) => () => sampleParameters(space, random))(seededRandom(5)));
    const b = Array.from({ length: 200 }, ((random) => () => sampleParameters(space, random))(seededRandom(5)));
    expect(a).toEqual(b);
    for (const params of a) {
      expect(validateParameters(space, params).ok).toBe(true);
    }
    expect(new Set(a.map((p) => p.kind))).toEqual(new Set(['sma', 'ema']));
  });

  it('fails with the constraint when a space has no valid point', () => {
    const impossible: ParameterSpace<{ a: number }> = { parameters: { a: { kind: 'int', min: 1, max: 2, description: 'a' } }, constraints: [{ description: 'a > 5', fields: ['a'], holds: (p) => p.a > 5 }] };
    expect(() => sampleParameters(impossible, seededRandom(1), 50)).toThrow('no parameters satisfying a > 5 in 50 draws');
  });

  it('mutates to valid neighbours: small scale stays close, integers stay integers', () => {
    const random = seededRandom(9);
    const start = maCrossover.defaults;
    const neighbours = Array.from({ length: 300 }, () => mutateParameters(maCrossover.parameterSpace, start, random, 0.05));
    for (const params of neighbours) {
      expect(maCrossover.validateParams(params).ok).toBe(true);
      // The slow period moves on its log scale: 0.05 of ln(400 / 5) is a factor of 1.245 per standard deviation, so
      // five of them keep 26 within [8.7, 78].
      expect(params.slowPeriod).toBeGreaterThanOrEqual(8);
      expect(params.slowPeriod).toBeLessThanOrEqual(78);
    }
    expect(neighbours.some((p) => p.fastPeriod !== start.fastPeriod)).toBe(true);
    expect(() => mutateParameters(space, { fast: 2, slow: 3, width: 1, kind: 'sma' }, random, 0)).toThrow('mutation scale must be in (0, 1], got 0');
  });

  it('searches a log-scaled range in equal ratios: the grid, the samples and the steps', () => {
    const periods: ParameterSpace<{ period: number }> = { parameters: { period: { kind: 'int', min: 2, max: 200, scale: 'log', description: 'period' } }, constraints: [] };
    // 2 × 100^(i/4): 2, 6.3, 20, 63.2, 200.
    expect(enumerateGrid(periods, 5).map((p) => p.period)).toEqual([2, 6, 20, 63, 200]);
    expect(enumerateGrid(periods, 1)).toEqual([{ period: 20 }]);
    // Half of the draws fall below the geometric midpoint 20 (uniformly on a linear scale, fewer than a tenth would).
    const random = seededRandom(3);
    const draws = Array.from({ length: 4000 }, () => sampleParameters(periods, random).period);
    expect(draws.filter((period) => period < 20).length / draws.length).toBeCloseTo(0.5, 1);
    expect(Math.min(...draws)).toBe(2);
    expect(Math.max(...draws)).toBe(200);
    // A step is the same ratio at either end: from 4 and from 100 alike, 0.1 of the range is a factor of 1.58.
    const logSteps = (from: number) => Array.from({ length: 2000 }, () => Math.abs(Math.log(mutateParameters(periods, { period: from }, random, 0.1).period / from)));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length / 2]!;
    expect(median(logSteps(100))).toBeCloseTo(0.6745 * 0.1 * Math.log(100), 1);
    expect(Math.abs(median(logSteps(4)) - median(logSteps(100)))).toBeLessThan(0.15);
  });
});
