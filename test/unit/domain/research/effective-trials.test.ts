import { seededRandom } from '../../../../domain/random';
import { effectiveTrials } from '../../../../domain/research/effective-trials';

/**
 * `trials` records of `periods` returns: each is `common` parts market move shared by all, `cluster` parts the move of
 * its cluster (trial i is in cluster i mod clusters), and the rest its own noise.
 */
function records(trials: number, periods: number, clusters: number, shares: { common: number; cluster: number }, seed: number): number[][] {
  const random = seededRandom(seed);
  const series = (): number[] => Array.from({ length: periods }, () => random.normal());
  const market = series();
  const clusterMoves = Array.from({ length: clusters }, series);
  const own = 1 - shares.common - shares.cluster;
  return Array.from({ length: trials }, (_, trial) => Array.from({ length: periods }, (_, t) =>
    0.01 * (Math.sqrt(shares.common) * market[t]! + Math.sqrt(shares.cluster) * clusterMoves[trial % clusters]![t]! + Math.sqrt(own) * random.normal())));
}

describe('effective number of trials', () => {
  it('counts unrelated trials as all of them, sampling noise in their correlations notwithstanding', () => {
    // 120 trials over 60 periods: uncorrected, the sample correlations alone would make them look like about 40.
    expect(effectiveTrials(records(120, 60, 120, { common: 0, cluster: 0 }, 1))).toBeGreaterThan(100);
    expect(effectiveTrials(records(8, 40, 8, { common: 0, cluster: 0 }, 2))).toBeGreaterThan(7);
  });

  it('ignores a market move every trial shares: it is no part of the spread the winner is picked from', () => {
    expect(effectiveTrials(records(120, 60, 120, { common: 0.6, cluster: 0 }, 3))).toBeGreaterThan(100);
  });

  it('counts clusters of near-duplicates once each', () => {
    const clustered = effectiveTrials(records(120, 60, 4, { common: 0.3, cluster: 0.65 }, 4));
    expect(clustered).toBeGreaterThan(3.5);
    expect(clustered).toBeLessThan(5);
    expect(effectiveTrials(records(40, 60, 2, { common: 0, cluster: 0.99 }, 5))).toBeCloseTo(2, 0);
  });

  it('counts identical and flat records as one trial, and never more than there are', () => {
    const [one] = records(1, 30, 1, { common: 0, cluster: 0 }, 6);
    expect(effectiveTrials([one!, one!, one!])).toBe(1);
    const flat = Array.from({ length: 30 }, () => 0);
    expect(effectiveTrials([flat, flat, [...flat]])).toBe(1);
    expect(effectiveTrials([one!, flat])).toBe(2);
    expect(effectiveTrials([one!])).toBe(1);
    expect(effectiveTrials(records(3, 30, 3, { common: 0, cluster: 0 }, 7))).toBeLessThanOrEqual(3);
    expect(() => effectiveTrials([[0.1, 0.2], [0.1]])).toThrow('every trial needs the same periods');
  });
});
