import type { PromotionConfig } from '../../../../domain/research/promotion-gate';
import { cycleOutcome, promotionRate, searchOutcome, type CycleSettings, type PromotionRate, type SearchSettings } from './promotion-scenarios';

/**
 * The gate's promise, checked over many seeded markets: when no candidate is better, a cycle or an auto-deploying
 * optimization promotes at most 1 - minConfidence of the time; when one is, it is promoted. The gate asks for no
 * margin, trade count or risk limit here, so only its statistics stand between noise and a promotion. The markets
 * are small (one instrument, 20 to 40 periods) to keep the test within a minute under jest; bench/promotion-gate.ts
 * measures the same at the production settings over thousands of runs.
 */
const GATE: Omit<PromotionConfig, 'pairedTest'> = { minImprovement: 0, minConfidence: 0.9, minTrades: 1, minPeriods: 20, riskLimits: { maxDrawdown: 1 } };
const CONFIGURED_RATE = 1 - GATE.minConfidence;
const EVALUATION = { constraints: { minTrades: 1 }, periodBars: 24 };

/** 960 bars, 20 daily periods each for generation, selection and evaluation; mutations around a random active version. */
const CYCLE: CycleSettings = { instruments: 1, evaluation: EVALUATION, gate: GATE, lookbackBars: 1440, evaluationBars: 480, mutations: 6, mutationScale: 0.1, reoptimizationBudget: 0 };
/** 100 days: a 12-trial random search on three walk-forward folds over the first 80, a 20-day holdout after them. */
const SEARCH: SearchSettings = {
  instruments: 1, evaluation: EVALUATION, gate: GATE, bars: 2400, kind: 'random', budget: 12, walkForward: { folds: 3, inSampleFraction: 0.6 }, holdoutFraction: 0.2,
};
const NO_EDGE = 0;
const PLANTED_EDGE = 0.25;

/** The configured rate plus two standard errors of a rate measured over this many runs. */
const ceilingFor = ({ runs }: PromotionRate): number => CONFIGURED_RATE + 2 * Math.sqrt((CONFIGURED_RATE * (1 - CONFIGURED_RATE)) / runs);

describe('promotion rates on synthetic markets', () => {
  it('an evolution cycle promotes noise no more often than configured, where ranking and gating on one window did', () => {
    const honest = promotionRate(300, (seed) => cycleOutcome('honest', CYCLE, seed, NO_EDGE));
    expect(honest.rate).toBeLessThanOrEqual(ceilingFor(honest));
    // The same markets decided as cycles did before the selection window: the best of six mutations, gated on the
    // window it was picked on.
    const legacy = promotionRate(100, (seed) => cycleOutcome('legacy', CYCLE, seed, NO_EDGE));
    expect(legacy.rate).toBeGreaterThan(ceilingFor(legacy));
  });

  it('an auto-deploying optimization promotes noise no more often than configured', () => {
    const honest = promotionRate(100, (seed) => searchOutcome('honest', SEARCH, seed, NO_EDGE));
    expect(honest.rate).toBeLessThanOrEqual(ceilingFor(honest));
  });

  it('still finds and promotes a planted edge, by re-optimizing in a cycle and by searching', () => {
    // The active version trades a slow crossover the planted SMA(3)/SMA(12) edge does not favour; the regime
    // changed, so the cycle re-optimizes on its generation window. 40 periods per window.
    const slow = { averageKind: 'sma', fastPeriod: 40, slowPeriod: 160, atrPeriod: 14, stopAtrMultiple: 2 };
    const reoptimizing: CycleSettings = { ...CYCLE, lookbackBars: 2880, evaluationBars: 960, reoptimizationBudget: 20, active: slow };
    const cycles = promotionRate(12, (seed) => cycleOutcome('honest', reoptimizing, seed, PLANTED_EDGE));
    expect(cycles.rate).toBeGreaterThanOrEqual(0.75);
    const searches = promotionRate(12, (seed) => searchOutcome('honest', SEARCH, seed, PLANTED_EDGE));
    expect(searches.rate).toBeGreaterThanOrEqual(0.75);
  });
});
