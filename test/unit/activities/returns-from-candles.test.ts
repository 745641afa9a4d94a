import { alignedReturns } from '../../../activities/trading/returns-from-candles';
import type { Candle } from '../../../domain/market';

const candle = (timeMs: number, close: number): Candle => ({ timeMs, volume: 1, complete: true, mid: { o: close, h: close, l: close, c: close } });

describe('alignedReturns', () => {
  it('keeps only the times every instrument has and returns simple returns of mid closes', () => {
    const returns = alignedReturns({
      EUR_USD: [candle(1, 1.0), candle(2, 1.1), candle(3, 1.21), candle(4, 1.1)],
      USD_JPY: [candle(1, 100), candle(3, 110), candle(4, 99)],
    });
    // Common times 1, 3, 4: EUR_USD 1.0 → 1.21 → 1.1, USD_JPY 100 → 110 → 99.
    expect(Array.from(returns.EUR_USD!)).toEqual([expect.closeTo(0.21, 12), expect.closeTo(-0.0909090909, 9)]);
    expect(Array.from(returns.USD_JPY!)).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12)]);
  });
});
