import { seededRandom } from '../../../../domain/random';
import { probabilityOfBacktestOverfitting } from '../../../../domain/research/overfitting-guard';

const noiseTrials = (trials: number, periods: number, seed: number, skilledDrift = 0): number[][] => {
  const random = seededRandom(seed);
  return Array.from({ length: trials }, (_, trial) => Array.from({ length: periods }, () => (trial === 0 ? skilledDrift : 0) + 0.01 * random.normal()));
};

describe('probability of backtest overfitting (CSCV)', () => {
  it('is high when every trial is noise: the in-sample best is a coin flip out of sample', () => {
    const result = probabilityOfBacktestOverfitting(noiseTrials(50, 400, 1), 8);
    // C(8, 4) = 70 in-sample/out-of-sample splits.
    expect(result.splits).toBe(70);
    expect(result.probability).toBeGreaterThan(0.3);
    expect(result.probability).toBeLessThan(0.8);
  });

  it('is near 0 when one trial has real skill: it wins in sample and stays on top out of sample', () => {
    const result = probabilityOfBacktestOverfitting(noiseTrials(50, 400, 1, 0.006), 8);
    expect(result.probability).toBe(0);
    // Top of 50 out of sample: relative rank 50/51, logit ln(50) = 3.912.
    expect(result.medianLogit).toBeCloseTo(Math.log(50), 12);
  });

  it('computes the split by hand for two trials and two blocks', () => {
    // Trial 0 is better in block 0, trial 1 in block 1: whichever block is in-sample, its winner loses out of sample.
    const result = probabilityOfBacktestOverfitting([[0.02, 0.01, -0.01, 0.0], [-0.01, 0.0, 0.02, 0.01]], 2);
    expect(result.splits).toBe(2);
    expect(result.probability).toBe(1);
    // Rank 1 of 2 → relative rank 1/3, logit ln(0.5) in both splits.
    expect(result.medianLogit).toBeCloseTo(Math.log(0.5), 12);
  });

  it('refuses inputs it cannot split', () => {
    expect(() => probabilityOfBacktestOverfitting([[1, 2, 3]], 2)).toThrow('at least two trials');
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1]], 2)).toThrow('the same out-of-sample periods');
    expect(() => probabilityOfBacktestOverfitting([[1, 2, 3], [1, 2, 3]], 3)).toThrow('blocks must be an even integer');
  });
});
