import { latestSignal } from '../../../../domain/strategies/latest-signal';
import { donchianBreakout } from '../../../../domain/strategies/donchian-breakout';
import { maCrossover } from '../../../../domain/strategies/ma-crossover';
import { meanReversion } from '../../../../domain/strategies/mean-reversion';
import { rsiReversal } from '../../../../domain/strategies/rsi-reversal';
import { barsFromCloses } from './bars-from-closes';

// Bars: open = previous close, high/low = body ± 0.5. ATR(5) of the flat first five bars is 1 (each range is 1).
const stop = { atrPeriod: 5, stopAtrMultiple: 2 };

describe('strategies on hand-checked series', () => {
  it('MA crossover (SMA 2/3) follows the sign of fast - slow once every indicator is ready', () => {
    // i=4: 10 vs 10 -> 0; i=5: 10.5 vs 10.333 -> long; i=6: 11.5 vs 11; i=7: 11.5 vs 11.333; i=8: 10.5 vs 11 -> short; i=9: 9.5 vs 10
    const bars = barsFromCloses([10, 10, 10, 10, 10, 11, 12, 11, 10, 9]);
    const params = { averageKind: 'sma' as const, fastPeriod: 2, slowPeriod: 3, ...stop };
    const signals = maCrossover.batchSignals(bars, params);
    expect(Array.from(signals.direction)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, -1, -1]);
    // ATR at i=4 is 1, so the stop is 2 ATRs = 2; at i=5 TR = 11.5 - 9.5 = 2, ATR = (4 * 1 + 2)/5 = 1.2, confidence = (1/6)/1.2
    expect(signals.stopDistance[4]).toBeCloseTo(2, 12);
    expect(signals.confidence[5]).toBeCloseTo(1 / 6 / 1.2, 12);
    expect(signals.confidence[4]).toBe(0);
  });

  it('MA crossover on a market that does not move: flat, no confidence, a zero stop distance (so sizing declines)', () => {
    const signals = maCrossover.batchSignals(barsFromCloses(Array(8).fill(10), 0), { averageKind: 'ema', fastPeriod: 2, slowPeriod: 3, ...stop });
    expect(Array.from(signals.direction)).toEqual(Array(8).fill(0));
    expect(Array.from(signals.confidence)).toEqual(Array(8).fill(0));
    expect(signals.stopDistance[7]).toBe(0);
  });

  it('Donchian breakout enters above the previous 3-bar high, reverses below the low, exits through the 2-bar channel', () => {
    // i=5: close 12 > previous 3-bar high 10.5 -> long; i=6,7 hold (closes above the 2-bar exit low 9.5)
    // i=8: close 8 < previous 3-bar low 9.5 -> short; i=9 hold (9 < exit high 11.5)
    // i=10: close 11 > previous 2-bar high max(10.5, 9.5) but not above the 3-bar high 11.5 -> flat
    const bars = barsFromCloses([10, 10, 10, 10, 10, 12, 11, 10, 8, 9, 11]);
    const signals = donchianBreakout.batchSignals(bars, { entryPeriod: 3, exitPeriod: 2, ...stop });
    expect(Array.from(signals.direction)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, -1, -1, 0]);
    expect(signals.confidence[5]).toBe(1);
  });

  it('RSI reversal buys below 30, exits through 50, sells above 70', () => {
    // RSI(2): flat -> 50; i=5 (-1): gain 0, loss 0.5 -> 0 -> long; i=6 -> 0; i=7 (+1): 0.5/0.375 -> 57.1 -> flat
    // i=8 (+1): 0.75/0.1875 = 4 -> 80 -> short; i=9: 90.3; i=10: 95.2; i=11 (-2): 0.46875/1.0234 -> 31.4 -> flat
    const bars = barsFromCloses([10, 10, 10, 10, 10, 9, 8, 9, 10, 11, 12, 11]);
    const signals = rsiReversal.batchSignals(bars, { period: 2, oversold: 30, overbought: 70, ...stop });
    expect(Array.from(signals.direction)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, -1, -1, -1, 0]);
    // confidence at i=8: (80 - 50) / (70 - 50) clipped to 1
    expect(signals.confidence[8]).toBe(1);
  });

  it('mean reversion fades a z-score beyond 1.2 and exits within 0.5', () => {
    // z(3) of [10,10,11] = (2/3)/sqrt(2/9) = 1.414 -> short; [10,11,11] -> 0.707 hold; [11,11,11] -> 0 exit
    // [11,11,10] -> -1.414 long; [11,10,10] -> -0.707 hold; [10,10,10.5] -> +1.414 -> reverse to short
    const bars = barsFromCloses([10, 10, 10, 10, 10, 11, 11, 11, 10, 10, 10.5]);
    const signals = meanReversion.batchSignals(bars, { period: 3, entryZ: 1.2, exitZ: 0.5, ...stop });
    expect(Array.from(signals.direction)).toEqual([0, 0, 0, 0, 0, -1, -1, 0, 1, 1, -1]);
    expect(signals.confidence[6]).toBeCloseTo(Math.SQRT1_2 / 1.2, 12);
  });

  it('gives activities the decision on the last bar, and says when the series is too short to have warmed up', () => {
    const bars = barsFromCloses([10, 10, 10, 10, 10, 11, 12, 11, 10, 9]);
    const params = { averageKind: 'sma' as const, fastPeriod: 2, slowPeriod: 3, ...stop };
    // SMA(2) 9.5 < SMA(3) 10 on the last bar -> short, as in the crossover case above
    expect(latestSignal(maCrossover, bars, params)).toMatchObject({ direction: -1, timeMs: 9 * 60_000, warmedUp: true });
    const short = barsFromCloses([10, 11, 12]);
    expect(latestSignal(maCrossover, short, params)).toMatchObject({ direction: 0, confidence: 0, warmedUp: false });
  });
});
