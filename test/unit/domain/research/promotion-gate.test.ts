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
    // the challenger [2, 0, 2, 0] has sd 2/√3 too and scales to [√3, 0, √3, 0]. Differences: √3/2 each period, so
    // their variance is 0, but the per-period Sharpe ratios (√3/2 and 0) are themselves estimates: the variance is
    // 0 + ½(3/4 + 0 - 0) = 3/8, t = (√3/2)·√3 / √(3/8) = √6, and with 3 degrees of freedom the confidence is
    // ½ + (√2/3 + atan √2)/π = 0.954, not certainty.
    const tiny = { ...CONFIG, minPeriods: 4, riskLimits: { maxDrawdown: 1 } };
    const decision = promotionDecision({ incumbent: evidence([1, -1, 1, -1], 0), challenger: evidence([2, 0, 2, 0], 1), config: tiny });
    expect(decision.statistics.meanScaledReturnDifference).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(decision.statistics.pairedTStatistic).toBeCloseTo(Math.sqrt(6), 12);
    expect(decision.statistics.pairedDegreesOfFreedom).toBe(3);
    expect(decision.statistics.pairedConfidence).toBeCloseTo(0.5 + (Math.SQRT2 / 3 + Math.atan(Math.SQRT2)) / Math.PI, 10);
    // [3, 1, 2, 2] vs [1, -1, 1, -1]: scaled challenger = x / 0.8165 = [3.674, 1.225, 2.449, 2.449] (Sharpe 2.4495),
    // incumbent ±0.866: differences [2.808, 2.091, 1.583, 3.315], mean 2.4495, variance 0.5858 (so ρ = 0.7071);
    // variance 0.5858 + ½ × 2.4495² = 3.5858, t = 2.4495 × √3 / √3.5858 = 2.2405.
    const noisy = promotionDecision({ incumbent: evidence([1, -1, 1, -1], 0), challenger: evidence([3, 1, 2, 2], 1), config: tiny });
    expect(noisy.statistics.pairedTStatistic).toBeCloseTo(2.2405, 4);
  });

  it('keeps the legacy normal test for decisions replayed from before Student\'s t', () => {
    // Mean difference over its plain standard error, against the normal: a constant difference was certainty, and
    // [3, 1, 2, 2] gave t = 2.4495 / (0.7654 / 2) = 6.4008.
    const legacy = { ...CONFIG, minPeriods: 4, riskLimits: { maxDrawdown: 1 }, pairedTest: 'legacy-normal' as const };
    const certain = promotionDecision({ incumbent: evidence([1, -1, 1, -1], 0), challenger: evidence([2, 0, 2, 0], 1), config: legacy });
    expect(certain.statistics).toEqual({ periods: 4, improvement: 1, meanScaledReturnDifference: expect.closeTo(Math.sqrt(3) / 2, 12), pairedTStatistic: 0, pairedConfidence: 1 });
    expect(promotionDecision({ incumbent: evidence([1, -1, 1, -1], 0), challenger: evidence([3, 1, 2, 2], 1), config: legacy }).statistics.pairedTStatistic).toBeCloseTo(6.4008, 3);
  });

  it('confirms an improvement that is noise at most as often as asked, where the legacy test confirmed it more often', () => {
    // Paired daily records with the same Sharpe ratio (0.1 a day) and correlation ρ: any confirmed improvement is
    // noise. Over 10 periods the legacy normal test confirms about 14% at a confidence of 0.9.
    const confirmed = (periods: number, correlation: number, pairedTest: 'student-t' | 'legacy-normal', seed: number): number => {
      const random = seededRandom(seed);
      const runs = 1500;
      let count = 0;
      for (let run = 0; run < runs; run++) {
        const incumbent: number[] = [];
        const challenger: number[] = [];
        for (let day = 0; day < periods; day++) {
          const common = random.normal();
          incumbent.push(0.001 + 0.01 * (Math.sqrt(correlation) * common + Math.sqrt(1 - correlation) * random.normal()));
          challenger.push(0.001 + 0.01 * (Math.sqrt(correlation) * common + Math.sqrt(1 - correlation) * random.normal()));
        }
        const config = { ...CONFIG, minPeriods: 2, pairedTest };
        if (promotionDecision({ incumbent: evidence(incumbent, 0), challenger: evidence(challenger, 0), config }).statistics.pairedConfidence >= 0.9) count++;
      }
      return count / runs;
    };
    // Three standard errors of a 10% rate over 1500 runs.
    const tolerance = 3 * Math.sqrt(0.1 * 0.9 / 1500);
    for (const [periods, correlation, seed] of [[10, 0, 1], [10, 0.9, 2], [20, 0.5, 3], [40, 0.9, 4]] as const) {
      expect(confirmed(periods, correlation, 'student-t', seed)).toBeLessThanOrEqual(0.1 + tolerance);
    }
    expect(confirmed(10, 0.9, 'legacy-normal', 2)).toBeGreaterThan(0.1 + tolerance);
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

  it('deflates a winner on the periods it was chosen on, counting correlated trials once, and records both figures', () => {
    const { incumbent, challenger } = pairedRecords(250, 0.0012, 1);
    // Chosen on 60 earlier periods where it showed a per-period Sharpe of 0.2, among 40 trials of which 6 independent.
    const rankedOn = { sharpe: 0.2, observations: 60, skewness: 0, kurtosis: 3 };
    const selection = { trials: 40, effectiveTrials: 6, trialSharpeVariance: 0.01, rankedOn };
    const decision = promotionDecision({ incumbent: evidence(incumbent, 0.8), challenger: evidence(challenger, 1.6, { selection }), config: CONFIG });
    const deflated = decision.statistics.deflatedSharpe!;
    // E[max] of 6 unskilled trials: 0.1 × (0.42278 Φ⁻¹(5/6) + 0.57722 Φ⁻¹(1 - 1/(6e))) = 0.1 × (0.42278 × 0.96742
    // + 0.57722 × 1.54384) = 0.130014.
    expect(deflated.expectedMaxSharpe).toBeCloseTo(0.130014, 5);
    expect(deflated).toMatchObject({ sharpe: 0.2, trials: 40, effectiveTrials: 6, observations: 60 });
    // Before deflating: Φ(0.2 × √59 / √1.02) = Φ(1.52107) = 0.93588; after: Φ(0.069986 × √59 / √1.02) = Φ(0.53227) = 0.70273.
    expect(deflated.undeflatedProbability).toBeCloseTo(0.93588, 4);
    expect(deflated.probability).toBeCloseTo(0.70273, 4);
    expect(decision.promote).toBe(false);
    expect(decision.reasons.at(-1)).toBe('fail: deflated Sharpe probability 0.703 (0.936 before deflating for 40 trials, 6.0 independent, on the periods it was chosen on) below 0.95: the winner is likely the luckiest of many');
  });

  it('blocks a search winner whose probability of backtest overfitting is above the ceiling, and says so', () => {
    const { incumbent, challenger } = pairedRecords(250, 0.0012, 1);
    const judged = (backtestOverfitting: number, maxBacktestOverfitting?: number) => promotionDecision({
      incumbent: evidence(incumbent, 0.8), challenger: evidence(challenger, 1.6, { backtestOverfitting }), config: { ...CONFIG, ...(maxBacktestOverfitting !== undefined && { maxBacktestOverfitting }) },
    });
    const overfit = judged(0.9);
    expect(overfit.promote).toBe(false);
    expect(overfit.statistics.backtestOverfitting).toBe(0.9);
    expect(overfit.reasons.at(-1)).toBe('fail: probability of backtest overfitting 0.900 above the ceiling of 0.5: the search\'s in-sample best tends to land in the bottom half out of sample');
    expect(judged(0.3).reasons.at(-1)).toBe('pass: probability of backtest overfitting 0.300 within the ceiling of 0.5');
    expect(judged(0.3).promote).toBe(true);
    expect(judged(0.6, 0.7).promote).toBe(true);
    // Without a PBO (the cycle's few hypotheses, or too few periods) there is nothing to check.
    expect(promotionDecision({ incumbent: evidence(incumbent, 0.8), challenger: evidence(challenger, 1.6), config: CONFIG }).reasons.some((r) => r.includes('overfitting'))).toBe(false);
  });

  it('treats constant, single-period and zero-variance records as flat: no confidence, no huge statistic', () => {
    const config = { ...CONFIG, minPeriods: 1, minImprovement: 0, riskLimits: { maxDrawdown: 1 } };
    // Constant 0.1% a day: rounding leaves a variance near 1e-36, which would have made a Sharpe ratio of 1e15.
    const constant = Array.from({ length: 40 }, () => 0.001);
    const vsFlat = promotionDecision({ incumbent: null, challenger: evidence(constant, 0, { selection: { trials: 5, trialSharpeVariance: 0.01 } }), config });
    expect(vsFlat.statistics).toMatchObject({ meanScaledReturnDifference: 0, pairedTStatistic: 0, pairedConfidence: 0.5 });
    expect(vsFlat.statistics.deflatedSharpe!.sharpe).toBe(0);
    expect(vsFlat.promote).toBe(false);
    const single = promotionDecision({ incumbent: evidence([0.01], 0), challenger: evidence([0.05], 1), config });
    expect(single.statistics).toMatchObject({ pairedTStatistic: 0, pairedConfidence: 0.5 });
    const zeros = Array.from({ length: 30 }, () => 0);
    expect(promotionDecision({ incumbent: evidence(zeros, 0), challenger: evidence([...zeros], 0), config }).statistics).toMatchObject({ pairedTStatistic: 0, pairedConfidence: 0.5 });
    // A flat challenger against a varying incumbent is judged on the incumbent's Sharpe ratio alone: finite.
    const { incumbent } = pairedRecords(40, 0, 2);
    const against = promotionDecision({ incumbent: evidence(incumbent, 0), challenger: evidence(constant, 0), config });
    expect(Number.isFinite(against.statistics.pairedTStatistic)).toBe(true);
    expect(Math.abs(against.statistics.pairedTStatistic)).toBeLessThan(10);
  });
});
