import fc from 'fast-check';
import { syntheticCandleSeries } from '../../../../domain/backtest/synthetic-series';
import { sma } from '../../../../domain/indicators/sma';
import { seededRandom } from '../../../../domain/random';
import { emptyBar, readBar } from '../../../../domain/strategies/define-strategy';
import { maCrossover } from '../../../../domain/strategies/ma-crossover';
import { sampleParameters } from '../../../../domain/strategies/parameter-space';
import { STRATEGIES } from '../../../../domain/strategies/registry';
import type { BarColumns } from '../../../../domain/strategies/types';

const BARS = 400;
const runs = { numRuns: 25 };
const barsFor = (seed: number): BarColumns => syntheticCandleSeries({ bars: BARS, random: seededRandom(seed), volatilityPerBar: 0.002 }).mid;

/** Keeps bars up to `t` and replaces every later bar with bars of another walk. */
function withFutureReplaced(bars: BarColumns, t: number, seed: number): BarColumns {
  const other = barsFor(seed);
  const splice = (mine: Float64Array, theirs: Float64Array): Float64Array => Float64Array.from(mine, (x, i) => (i <= t ? x : theirs[i]!));
  return { length: bars.length, timeMs: bars.timeMs, open: splice(bars.open, other.open), high: splice(bars.high, other.high), low: splice(bars.low, other.low), close: splice(bars.close, other.close) };
}

describe.each(STRATEGIES.map((strategy) => [strategy.name, strategy] as const))('%s', (_name, strategy) => {
  // Parameters are drawn from the strategy's own space; periods are capped so that 400 bars produce signals.
  const params = (seed: number) => {
    const drawn = sampleParameters(strategy.parameterSpace, seededRandom(seed));
    const capped = { ...drawn };
    for (const [field, value] of Object.entries(drawn)) if (typeof value === 'number' && Number.isInteger(value) && field.toLowerCase().includes('period')) capped[field] = Math.min(value, 60);
    return strategy.validateParams(capped).ok ? capped : strategy.defaults;
  };

  it('gives the same signals streaming bar by bar as in batch, flat before warm-up, confidence 0..1', () => {
    fc.assert(fc.property(fc.integer(), fc.integer(), (seriesSeed, paramsSeed) => {
      const bars = barsFor(seriesSeed);
      const p = params(paramsSeed);
      const batch = strategy.batchSignals(bars, p);
      const streaming = strategy.createStreaming(p);
      const bar = emptyBar();
      const direction: number[] = [];
      const confidence: number[] = [];
      const stopDistance: number[] = [];
      for (let i = 0; i < bars.length; i++) {
        const signal = streaming.update(readBar(bars, i, bar));
        direction.push(signal.direction);
        confidence.push(signal.confidence);
        stopDistance.push(signal.stopDistance);
      }
      expect(direction).toEqual(Array.from(batch.direction));
      expect(confidence).toEqual(Array.from(batch.confidence));
      expect(stopDistance).toEqual(Array.from(batch.stopDistance));
      const firstSignal = direction.findIndex((d) => d !== 0);
      if (firstSignal >= 0) expect(firstSignal).toBeGreaterThanOrEqual(strategy.warmupBars(p) - 1);
      for (let i = 0; i < bars.length; i++) {
        const valid = confidence[i]! >= 0 && confidence[i]! <= 1 && (direction[i] === 0 ? confidence[i] === 0 : stopDistance[i]! > 0);
        if (!valid) throw new Error(`bar ${i}: direction ${direction[i]}, confidence ${confidence[i]}, stop distance ${stopDistance[i]}`);
      }
    }), runs);
  });

  it('never looks ahead: replacing bars after t leaves every signal up to t unchanged', () => {
    fc.assert(fc.property(fc.integer(), fc.integer(), fc.integer(), fc.integer({ min: 0, max: BARS - 2 }), (seriesSeed, otherSeed, paramsSeed, t) => {
      const bars = barsFor(seriesSeed);
      const p = params(paramsSeed);
      const original = strategy.batchSignals(bars, p);
      const altered = strategy.batchSignals(withFutureReplaced(bars, t, otherSeed), p);
      expect(Array.from(altered.direction.subarray(0, t + 1))).toEqual(Array.from(original.direction.subarray(0, t + 1)));
      expect(Array.from(altered.confidence.subarray(0, t + 1))).toEqual(Array.from(original.confidence.subarray(0, t + 1)));
    }), runs);
  });
});

describe('every strategy with its defaults', () => {
  it.each(STRATEGIES.map((strategy) => [strategy.name, strategy] as const))('%s goes both long and short on a 400-bar random walk', (_name, strategy) => {
    const directions = new Set(strategy.batchSignals(barsFor(3), strategy.defaults).direction);
    expect(directions).toEqual(new Set([-1, 0, 1]));
  });
});

describe('ma-crossover against batch indicators', () => {
  it('is long exactly where the batch SMA(fast) is above SMA(slow) (away from ties)', () => {
    const bars = barsFor(21);
    const params = { ...maCrossover.defaults, averageKind: 'sma' as const, fastPeriod: 5, slowPeriod: 20, atrPeriod: 5 };
    const signals = maCrossover.batchSignals(bars, params);
    const fast = sma(bars.close, 5);
    const slow = sma(bars.close, 20);
    let compared = 0;
    for (let i = 19; i < bars.length; i++) {
      const gap = fast[i]! - slow[i]!;
      if (Math.abs(gap) < 1e-9) continue;
      expect(signals.direction[i]).toBe(Math.sign(gap));
      compared++;
    }
    expect(compared).toBeGreaterThan(350);
  });
});
