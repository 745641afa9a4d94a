import { seededRandom } from '../../../../domain/random';
import { generateHypotheses } from '../../../../domain/research/hypotheses';
import { parameterKey } from '../../../../domain/research/parameter-search';
import { detectRegimeChange } from '../../../../domain/research/regime-change';
import { shouldRollBack } from '../../../../domain/research/rollback';
import { maCrossover } from '../../../../domain/strategies/ma-crossover';

const returns = (count: number, volatility: number, drift: number, seed: number): number[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => drift + volatility * random.normal());
};
const REGIME = { maxVolatilityRatio: 1.5, maxDriftShiftZ: 3 };

describe('regime change', () => {
  it('computes the volatility ratio and drift shift by hand', () => {
    // recent [1, 3]: mean 2, variance 2; reference [0, 0, 2, 2]: mean 1, variance 4/3.
    // ratio sqrt(2 / (4/3)) = 1.2247; z = (2 - 1) / sqrt(2/2 + (4/3)/4) = 1 / sqrt(4/3) = 0.8660.
    const result = detectRegimeChange([1, 3], [0, 0, 2, 2], REGIME);
    expect(result.volatilityRatio).toBeCloseTo(1.224745, 6);
    expect(result.driftShiftZ).toBeCloseTo(0.866025, 6);
    expect(result.changed).toBe(false);
    expect(result.reasons).toEqual(['volatility ratio 1.225 within [0.667, 1.5]', 'drift shift 0.87 standard errors within ±3']);
  });

  it('flags a jump in volatility and a new trend, and not the same market drawn again', () => {
    const reference = returns(2000, 0.001, 0, 1);
    expect(detectRegimeChange(returns(200, 0.001, 0, 2), reference, REGIME).changed).toBe(false);
    const turbulent = detectRegimeChange(returns(200, 0.002, 0, 2), reference, REGIME);
    expect(turbulent.changed).toBe(true);
    expect(turbulent.volatilityRatio).toBeGreaterThan(1.5);
    const trending = detectRegimeChange(returns(200, 0.001, 0.0004, 2), reference, REGIME);
    expect(trending.changed).toBe(true);
    expect(trending.driftShiftZ).toBeGreaterThan(3);
    expect(trending.reasons[1]).toMatch(/^drift shift \d+\.\d\d standard errors beyond ±3$/);
  });
});

describe('hypotheses', () => {
  const active = { version: 7, params: { averageKind: 'ema', fastPeriod: 12, slowPeriod: 26, atrPeriod: 14, stopAtrMultiple: 2 } };
  const previousActive = { version: 6, params: { ...active.params, slowPeriod: 30 } };

  it('proposes distinct valid mutations around the active version, a re-optimization on a new regime, and a rollback', () => {
    const hypotheses = generateHypotheses({ strategy: 'ma-crossover', active, previousActive, regimeChanged: true, seed: 3, count: 6 });
    expect(hypotheses.map((h) => h.id)).toEqual(['mutation-1', 'mutation-2', 'mutation-3', 'mutation-4', 'mutation-5', 'mutation-6', 'reoptimization', 'rollback-to-6']);
    const mutations = hypotheses.flatMap((h) => (h.kind === 'mutation' ? [h] : []));
    const keys = mutations.map((h) => parameterKey(maCrossover.parameterSpace, h.params));
    expect(new Set([...keys, parameterKey(maCrossover.parameterSpace, active.params)]).size).toBe(7);
    for (const mutation of mutations) {
      expect(mutation.basedOnVersion).toBe(7);
      expect(maCrossover.validateParams(mutation.params).ok).toBe(true);
      // Around the active version: a 0.1-of-range step keeps the fast period within a few steps of 12.
      expect(Math.abs((mutation.params.fastPeriod as number) - 12)).toBeLessThan(40);
    }
    expect(hypotheses.at(-1)).toEqual({ id: 'rollback-to-6', kind: 'rollback', version: 6, params: previousActive.params });
    expect(generateHypotheses({ strategy: 'ma-crossover', active, previousActive, regimeChanged: true, seed: 3, count: 6 })).toEqual(hypotheses);
  });

  it('omits the re-optimization in a steady regime and the rollback when there is nothing (different) to go back to', () => {
    const steady = generateHypotheses({ strategy: 'ma-crossover', active, regimeChanged: false, seed: 3, count: 2 });
    expect(steady.map((h) => h.kind)).toEqual(['mutation', 'mutation']);
    const sameAsActive = generateHypotheses({ strategy: 'ma-crossover', active, previousActive: { version: 5, params: active.params }, regimeChanged: false, seed: 3, count: 0 });
    expect(sameAsActive).toEqual([]);
    expect(() => generateHypotheses({ strategy: 'ma-crossover', active: { version: 1, params: { fastPeriod: 1 } }, regimeChanged: false, seed: 1, count: 1 }))
      .toThrow('active version 1 has invalid ma-crossover parameters');
  });
});

describe('rollback', () => {
  const tolerance = { objectiveShortfall: 1, drawdownMultiple: 1.5, minPeriods: 24, minTrades: 5 };
  const expectation = { objective: 2, maxDrawdown: 0.04 };
  const backtest = (objective: number, maxDrawdown: number, periods = 48, trades = 30) => ({ source: 'backtest since activation', objective, maxDrawdown, periods, trades });
  const fills = (objective: number, maxDrawdown: number, periods = 48, trades = 30) => ({ source: 'fills', objective, maxDrawdown, periods, trades });

  it('keeps a version that performs within tolerance of its sandbox expectation', () => {
    const decision = shouldRollBack({ promotedExpectation: expectation, realized: [backtest(1.2, 0.05)], tolerance });
    expect(decision).toEqual({
      rollBack: false,
      records: [{ source: 'backtest since activation', judged: true, rollBack: false, shortfall: expect.closeTo(0.8, 12) }],
      reasons: [
        'backtest since activation: ok: realized objective 1.200 vs expected 2.000, shortfall 0.800 within 1',
        'backtest since activation: ok: realized drawdown 5.00% within 1.5 × the expected 4.00%',
      ],
    });
  });

  it('rolls back on an objective shortfall or a drawdown beyond tolerance, but not on too little evidence', () => {
    const poor = shouldRollBack({ promotedExpectation: expectation, realized: [backtest(0.5, 0.03)], tolerance });
    expect(poor.rollBack).toBe(true);
    expect(poor.reasons[0]).toBe('backtest since activation: roll back: realized objective 0.500 is 1.500 under the expected 2.000, beyond the tolerance of 1');
    const deep = shouldRollBack({ promotedExpectation: expectation, realized: [backtest(2.5, 0.07)], tolerance });
    expect(deep.rollBack).toBe(true);
    expect(deep.reasons[1]).toBe('backtest since activation: roll back: realized drawdown 7.00% exceeds 1.5 × the expected 4.00%');
    const early = shouldRollBack({ promotedExpectation: expectation, realized: [backtest(-3, 0.2, 5)], tolerance });
    expect(early).toEqual({
      rollBack: false,
      records: [{ source: 'backtest since activation', judged: false, rollBack: false, shortfall: 5 }],
      reasons: ['backtest since activation: keep: only 5 realized periods, fewer than the 24 needed to judge'],
    });
    const idle = shouldRollBack({ promotedExpectation: expectation, realized: [fills(-3, 0.2, 48, 4)], tolerance });
    expect(idle.rollBack).toBe(false);
    expect(idle.reasons).toEqual(['fills: keep: only 4 trades, fewer than the 5 needed to judge']);
    expect(shouldRollBack({ promotedExpectation: expectation, realized: [], tolerance })).toEqual({ rollBack: false, records: [], reasons: [] });
  });

  it('judges each record on its own: real losses roll back even when the backtest since activation looks fine', () => {
    const decision = shouldRollBack({ promotedExpectation: expectation, realized: [backtest(2.1, 0.03), fills(-1.5, 0.02)], tolerance });
    expect(decision.rollBack).toBe(true);
    expect(decision.records.map((r) => [r.source, r.judged, r.rollBack])).toEqual([['backtest since activation', true, false], ['fills', true, true]]);
    expect(decision.reasons.filter((r) => r.includes(': roll back:'))).toEqual(['fills: roll back: realized objective -1.500 is 3.500 under the expected 2.000, beyond the tolerance of 1']);
    // Too few fills to judge: the backtest alone decides.
    expect(shouldRollBack({ promotedExpectation: expectation, realized: [backtest(2.1, 0.03), fills(-1.5, 0.02, 48, 2)], tolerance }).rollBack).toBe(false);
    // The default trade minimum is one: a record without a single trade is never judged.
    expect(shouldRollBack({ promotedExpectation: expectation, realized: [fills(0, 0, 48, 0)], tolerance: { ...tolerance, minTrades: undefined } }).records[0]!.judged).toBe(false);
  });

  it('tells a real shortfall of a Sharpe record from noise, with the probabilistic Sharpe ratio', () => {
    const confident = { ...tolerance, minConfidence: 0.9 };
    const sharpeRecord = (periodSharpe: number, observations: number) => ({
      source: 'fills', objective: periodSharpe * Math.sqrt(365), maxDrawdown: 0.01, periods: 48, trades: 30,
      sharpe: { estimate: { sharpe: periodSharpe, observations, skewness: 0, kurtosis: 3 }, periodsPerYear: 365 },
    });
    // Five days at -0.05 a day (-0.955 a year): 2.955 short, beyond the tolerance of 1, but the chance that the true
    // Sharpe ratio is below the tolerated 1 a year is only 1 - PSR = 0.581.
    const noisy = shouldRollBack({ promotedExpectation: expectation, realized: [sharpeRecord(-0.05, 5)], tolerance: confident });
    expect(noisy.rollBack).toBe(false);
    expect(noisy.records[0]!.confidence).toBeCloseTo(0.581, 3);
    expect(noisy.reasons[0]).toBe('fills: ok: realized objective -0.955 is 2.955 under the expected 2.000, beyond the tolerance of 1, but with confidence 0.581 (under 0.9) that it is not noise');
    // Ten days at -0.8 a day (-15.3 a year): confidence 0.987.
    const real = shouldRollBack({ promotedExpectation: expectation, realized: [sharpeRecord(-0.8, 10)], tolerance: confident });
    expect(real.rollBack).toBe(true);
    expect(real.records[0]!.confidence).toBeCloseTo(0.987, 3);
    expect(real.reasons[0]).toMatch(/^fills: roll back: realized objective -15\.284 is 17\.284 under the expected 2\.000, beyond the tolerance of 1 \(confidence 0\.987 that it is not noise\)$/);
    // Without a confidence asked for, the tolerance alone decides, as it does for records without a Sharpe estimate.
    expect(shouldRollBack({ promotedExpectation: expectation, realized: [sharpeRecord(-0.05, 5)], tolerance }).rollBack).toBe(true);
  });
});
