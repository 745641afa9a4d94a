import { seededRandom } from '../../../domain/random';

describe('seededRandom', () => {
  it('reproduces the same sequence from the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives different sequences for different seeds', () => {
    expect(seededRandom(1).next()).not.toEqual(seededRandom(2).next());
  });

  it('draws normals with mean near 0 and variance near 1', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 50_000 }, () => random.normal());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('draws integers inside the inclusive bounds, reaching both ends', () => {
    const random = seededRandom(3);
    const seen = new Set(Array.from({ length: 1000 }, () => random.int(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});
