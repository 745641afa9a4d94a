import type { Random } from '../../../lib/seeded-random';

/**
 * A bank of standard Brownian bridges (0 at both ends, variance t(1-t) at fraction t). Intra-bar paths reuse them,
 * mirrored and reversed, because drawing fresh normals for every second of a year of history would blow the
 * start-up budget; bar-level returns, volatility and jumps stay fully random.
 */
export class BridgeShapes {
  private readonly shapes: Float64Array[];

  constructor(random: Random, readonly steps: number, count: number) {
    this.shapes = Array.from({ length: count }, () => {
      const walk = new Float64Array(steps + 1);
      const stepSd = Math.sqrt(1 / steps);
      for (let j = 1; j <= steps; j++) walk[j] = walk[j - 1]! + stepSd * random.normal();
      const end = walk[steps]!;
      for (let j = 0; j <= steps; j++) walk[j] = walk[j]! - (end * j) / steps;
      return walk;
    });
  }

  /**
   * Writes `offset + scale * bridge(j) + slope * j` for j in [from, to) into out[0 ..], using the variant picked by
   * `key` (any 32-bit integer). One tight loop, because it runs for every second of the whole history.
   */
  fill(key: number, offset: number, slope: number, scale: number, from: number, to: number, out: Float64Array): void {
    const shape = this.shapes[(key >>> 2) % this.shapes.length]!;
    const signedScale = (key & 2) === 2 ? -scale : scale;
    if ((key & 1) === 1) {
      for (let j = from; j < to; j++) out[j - from] = offset + slope * j + signedScale * shape[this.steps - j]!;
    } else {
      for (let j = from; j < to; j++) out[j - from] = offset + slope * j + signedScale * shape[j]!;
    }
  }
}

/** A 32-bit integer hash of a few integers, for picking per-bar variants deterministically. */
const imul = Math.imul;

export function hashInts(a: number, b: number, c: number): number {
  let h = imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ imul(b + 0x632be5ab, 0xc2b2ae35) ^ imul(c + 0x27d4eb2f, 0x165667b1);
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
