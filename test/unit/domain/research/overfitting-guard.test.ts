import { seededRandom } from '../../../../domain/random';
import { sharpeEstimate } from '../../../../domain/research/deflated-sharpe';
import { probabilityOfBacktestOverfitting, recordedSelection } from '../../../../domain/research/overfitting-guard';

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

  it('gives a trial of constant returns no Sharpe ratio in any block, so it cannot pass for skill', () => {
    // A constant 0.1% a period has a rounding-sized spread: taken at face value its Sharpe would top every block.
    const trials = [Array.from({ length: 400 }, () => 0.001), ...noiseTrials(20, 400, 2)];
    const result = probabilityOfBacktestOverfitting(trials, 8);
    expect(result.probability).toBeGreaterThan(0);
    expect(result.medianLogit).toBeLessThan(Math.log(20));
  });

  it('refuses inputs it cannot split', () => {
    expect(() => probabilityOfBacktestOverfitting([[1, 2, 3]], 2)).toThrow('at least two trials');
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1]], 2)).toThrow('the same out-of-sample periods');
    expect(() => probabilityOfBacktestOverfitting([[1, 2, 3], [1, 2, 3]], 3)).toThrow('blocks must be an even integer');
  });
});

describe("a search's recorded selection", () => {
  it('adds the independent trials among the records and the winner\'s estimate on them to the counted selection', () => {
    const trials = noiseTrials(30, 120, 4);
    const selection = recordedSelection({ trials: 30, trialSharpeVariance: 0.004 }, trials, trials[7]!);
    expect(selection).toMatchObject({ trials: 30, trialSharpeVariance: 0.004, rankedOn: sharpeEstimate(trials[7]!) });
    expect(selection.effectiveTrials).toBeGreaterThan(25);
    expect(selection.effectiveTrials).toBeLessThanOrEqual(30);
    // A spread wider than unskilled trials' estimates can have (1/119 over 120 periods) is real differences, not luck.
    expect(recordedSelection({ trials: 30, trialSharpeVariance: 0.05 }, trials, trials[7]!).trialSharpeVariance).toBeCloseTo(1 / 119, 15);
    // Ten copies of three records: three trials' worth of luck.
    const copies = Array.from({ length: 30 }, (_, i) => trials[i % 3]!);
    expect(recordedSelection({ trials: 30, trialSharpeVariance: 0.004 }, copies, copies[0]!).effectiveTrials).toBeCloseTo(3, 0);
  });
});
