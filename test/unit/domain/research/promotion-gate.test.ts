import { seededRandom } from '../../../../domain/random';
import { promotionDecision, type GateEvidence, type PromotionConfig } from '../../../../domain/research/promotion-gate';

const CONFIG: PromotionConfig = { minImprovement: 0.2, minConfidence: 0.95, minTrades: 30, riskLimits: { maxDrawdown: 0.1, maxPeriodLoss: 0.02 } };

/** Daily returns: a common market noise plus each side's own noise and drift, so the two are paired as real ones are. */
function pairedRecords(days: number, challengerDrift: number, seed: number): { incumbent: number[]; challenger: number[] } {
  const random = seededRandom(seed);
  const incumbent: number[] = [];
  const challenger: number[] = [];
  for (let day = 0; day < days; day++) {
    const common = 0.004 * random.normal();
    incumbent.push(0.0002 + common + 0.002 * random.normal());
    challenger.push(challengerDrift + common + 0.002 * random.normal());
  }
  return { incumbent, challenger };
}

const evidence = (periodReturns: number[], score: number, overrides: Partial<GateEvidence> = {}): GateEvidence => ({ score, periodReturns, trades: 80, maxDrawdown: 0.05, ...overrides });

describe('promotion gate', () => {
  it('promotes a challenger that is better by the margin and credibly so, listing every check', () => {
    const { incumbent, challenger } = pairedRecords(250, 0.0012, 1);
    const decision = promotionDecision({ incumbent: evidence(incumbent, 0.8), challenger: evidence(challenger, 1.6), config: CONFIG });
    expect(decision.promote).toBe(true);
    expect(decision.reasons).toEqual([
      'pass: 250 aligned out-of-sample periods (minimum 20)',
      'pass: 80 trades (minimum 30)',
      'pass: drawdown 5.00% within the limit of 10.00%',
      expect.stringMatching(/^pass: worst period loss \d\.\d\d% within the limit of 2\.00%$/),
      'pass: objective 1.600 beats 0.800 by 0.800 (margin 0.2)',
      expect.stringMatching(/^pass: paired test confidence (0\.9\d\d|1\.000) \(t = \d\.\d\d\) reaches 0\.95$/),
    ]);
    expect(decision.statistics.periods).toBe(250);
    expect(decision.statistics.improvement).toBeCloseTo(0.8, 12);
    expect(decision.statistics.pairedTStatistic).toBeGreaterThan(1.645);
  });

  it('computes the paired statistic by hand on a tiny record', () => {
    // Both sides are scaled to unit volatility first. Incumbent [1, -1, 1, -1] has sd 2/√3, so it scales to ±√3/2;
    // the challenger [2, 0, 2, 0] has sd 2/√3 too and scales to [√3, 0, √3, 0]. Differences: √3/2 each period,
    // mean √3/2 with sd 0: certain, confidence 1.
    const decision = promotionDecision({
      incumbent: evidence([1, -1, 1, -1], 0), challenger: evidence([2, 0, 2, 0], 1), config: { ...CONFIG, minPeriods: 4, riskLimits: { maxDrawdown: 1 } },
    });
    expect(decision.statistics.meanScaledReturnDifference).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(decision.statistics.pairedConfidence).toBe(1);
    // [3, 1, 2, 2] vs [1, -1, 1, -1]: scaled challenger = x / sd(0.8165) = [3.674, 1.225, 2.449, 2.449], incumbent
    // ±0.866: differences [2.808, 2.091, 1.583, 3.315], mean 2.4495, sd 0.7654, t = 2.4495 / (0.7654 / 2) = 6.4008.
    const noisy = promotionDecision({ incumbent: evidence([1, -1, 1, -1], 0), challenger: evidence([3, 1, 2, 2], 1), config: { ...CONFIG, minPeriods: 4 } });
    expect(noisy.statistics.pairedTStatistic).toBeCloseTo(6.4008, 3);
  });

  it('keeps the incumbent when the improvement is below the margin, however certain', () => {
    const { incumbent, challenger } = pairedRecords(250, 0.0012, 1);
    const decision = promotionDecision({ incumbent: evidence(incumbent, 1.5), challenger: evidence(challenger, 1.6), config: CONFIG });
    expect(decision.promote).toBe(false);
    expect(decision.reasons).toContain('fail: objective 1.600 vs 1.500: improvement 0.100 below the margin of 0.2');
  });

  it('keeps the incumbent when a better objective is not statistically credible', () => {
    // Same drift on both sides: any objective gap is noise.
    const { incumbent, challenger } = pairedRecords(60, 0.0002, 3);
    const decision = promotionDecision({ incumbent: evidence(incumbent, 0.5), challenger: evidence(challenger, 1.2), config: CONFIG });
    expect(decision.promote).toBe(false);
    expect(decision.statistics.pairedConfidence).toBeLessThan(0.95);
    expect(decision.reasons.filter((reason) => reason.startsWith('fail'))).toEqual([expect.stringMatching(/^fail: paired test confidence .* the improvement could be noise$/)]);
  });

  it('rejects a risk-limit breach, too few trades, too few or misaligned periods, each with its reason', () => {
    const { incumbent, challenger } = pairedRecords(250, 0.0012, 1);
    const risky = promotionDecision({ incumbent: evidence(incumbent, 0.8), challenger: evidence(challenger, 1.6, { maxDrawdown: 0.15, trades: 12 }), config: CONFIG });
    expect(risky.promote).toBe(false);
    expect(risky.reasons).toContain('fail: 12 trades, fewer than the minimum of 30');
    expect(risky.reasons).toContain('fail: drawdown 15.00% breaches the limit of 10.00%');
    const crash = [...challenger];
    crash[100] = -0.05;
    expect(promotionDecision({ incumbent: evidence(incumbent, 0.8), challenger: evidence(crash, 1.6), config: CONFIG }).reasons)
      .toContain('fail: worst period loss 5.00% breaches the limit of 2.00%');
    const misaligned = promotionDecision({ incumbent: evidence(incumbent.slice(1), 0.8), challenger: evidence(challenger, 1.6), config: CONFIG });
    expect(misaligned.promote).toBe(false);
    expect(misaligned.reasons[0]).toBe('fail: the challenger has 250 periods and the incumbent 249: not evaluated on the same windows');
    const short = promotionDecision({ incumbent: evidence(incumbent.slice(0, 10), 0.8), challenger: evidence(challenger.slice(0, 10), 1.6), config: CONFIG });
    expect(short.reasons[0]).toBe('fail: only 10 out-of-sample periods, fewer than the minimum of 20');
  });

  it('compares with staying flat when nothing is active, and deflates a search winner for the trials behind it', () => {
    const { challenger } = pairedRecords(250, 0.0012, 1);
    const alone = promotionDecision({ incumbent: null, challenger: evidence(challenger, 1.6), config: CONFIG });
    expect(alone.promote).toBe(true);
    const fromManyTrials = promotionDecision({
      incumbent: null, challenger: evidence(challenger, 1.6, { selection: { trials: 10_000, trialSharpeVariance: 0.01 } }), config: CONFIG,
    });
    expect(fromManyTrials.statistics.deflatedSharpe!.trials).toBe(10_000);
    expect(fromManyTrials.promote).toBe(false);
    expect(fromManyTrials.reasons.at(-1)).toMatch(/^fail: deflated Sharpe probability 0\.\d{3} over 10000 trials below 0\.95: the winner is likely the luckiest of many$/);
  });
});
