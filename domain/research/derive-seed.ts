/**
 * A 32-bit seed for stream `index` of a run seeded with `seed` (a murmur3-style finalizer over both). Each batch of
 * a search draws from its own derived generator, so the state never has to carry a generator's internals across
 * continue-as-new: (seed, batch index) reproduces the batch.
 */
export function deriveSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((index >>> 0) + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
