import fc from 'fast-check';
import {
  atr, bollingerBands, donchianChannel, ema, macd, realizedVolatility, rollingZScore, rsi, sma,
  StreamingAtr, StreamingBollingerBands, StreamingDonchianChannel, StreamingEma, StreamingMacd,
  StreamingRealizedVolatility, StreamingRsi, StreamingSma, StreamingZScore,
} from '../../../../domain/indicators';
import { seededRandom } from '../../../../domain/random';
import { collect, expectSeriesClose, hlcSeries, priceSeries } from './series-arbitraries';

const period = fc.integer({ min: 1, max: 30 });
const runs = { numRuns: 150 };

describe('streaming indicators equal their batch forms within 1e-9 relative', () => {
  it('SMA, EMA, RSI, z-score', () => {
    fc.assert(fc.property(priceSeries(), period, (prices, p) => {
      const streamingSma = new StreamingSma(p);
      expectSeriesClose(collect(prices.length, (i) => streamingSma.update(prices[i]!)), sma(prices, p));
      const streamingEma = new StreamingEma(p);
      expectSeriesClose(collect(prices.length, (i) => streamingEma.update(prices[i]!)), ema(prices, p));
      const streamingRsi = new StreamingRsi(p);
      expectSeriesClose(collect(prices.length, (i) => streamingRsi.update(prices[i]!)), rsi(prices, p), 100);
      const streamingZ = new StreamingZScore(p);
      // The z-score divides by the window's spread, so its rounding error is relative to price/stdDev, not to 1.
      expectSeriesClose(collect(prices.length, (i) => streamingZ.update(prices[i]!)), rollingZScore(prices, p), 1e3);
    }), runs);
  });

  it('MACD lines and Bollinger bands', () => {
    fc.assert(fc.property(priceSeries(), period, period, period, fc.double({ min: 0.5, max: 3, noNaN: true }), (prices, a, b, signalPeriod, width) => {
      fc.pre(a !== b);
      const periods = { fast: Math.min(a, b), slow: Math.max(a, b), signal: signalPeriod };
      const batch = macd(prices, periods);
      const streaming = new StreamingMacd(periods);
      const lines = { macd: new Float64Array(prices.length), signal: new Float64Array(prices.length), histogram: new Float64Array(prices.length) };
      prices.forEach((x, i) => {
        streaming.update(x);
        lines.macd[i] = streaming.macd;
        lines.signal[i] = streaming.signal;
        lines.histogram[i] = streaming.histogram;
      });
      expectSeriesClose(lines.macd, batch.macd, 1.1);
      expectSeriesClose(lines.signal, batch.signal, 1.1);
      expectSeriesClose(lines.histogram, batch.histogram, 1.1);

      const bands = bollingerBands(prices, a, width);
      const streamingBands = new StreamingBollingerBands(a, width);
      const upper = new Float64Array(prices.length);
      const lower = new Float64Array(prices.length);
      const middle = collect(prices.length, (i) => {
        const value = streamingBands.update(prices[i]!);
        upper[i] = streamingBands.upper;
        lower[i] = streamingBands.lower;
        return value;
      });
      expectSeriesClose(middle, bands.middle);
      expectSeriesClose(upper, bands.upper);
      expectSeriesClose(lower, bands.lower);
    }), runs);
  });

  it('ATR and Donchian channel over high/low/close bars', () => {
    fc.assert(fc.property(hlcSeries(), period, ({ high, low, close }, p) => {
      const streamingAtr = new StreamingAtr(p);
      expectSeriesClose(collect(close.length, (i) => streamingAtr.update(high[i]!, low[i]!, close[i]!)), atr(high, low, close, p), 1e-2);
      const batch = donchianChannel(high, low, p);
      const channel = new StreamingDonchianChannel(p);
      const lower = new Float64Array(close.length);
      const upper = collect(close.length, (i) => {
        channel.update(high[i]!, low[i]!);
        lower[i] = channel.lower;
        return channel.upper;
      });
      // Maxima and minima involve no arithmetic, so the two forms must agree exactly.
      expect(Array.from(upper)).toEqual(Array.from(batch.upper));
      expect(Array.from(lower)).toEqual(Array.from(batch.lower));
    }), runs);
  });

  it('realized volatility', () => {
    fc.assert(fc.property(priceSeries(), fc.integer({ min: 2, max: 30 }), (prices, p) => {
      const streaming = new StreamingRealizedVolatility(p);
      expectSeriesClose(collect(prices.length, (i) => streaming.update(prices[i]!)), realizedVolatility(prices, p), 1e-2);
    }), runs);
  });

  it('stays within tolerance over 20,000 bars (no accumulated drift)', () => {
    const random = seededRandom(11);
    const prices = new Float64Array(20_000);
    let price = 1.1;
    for (let i = 0; i < prices.length; i++) prices[i] = price *= Math.exp(0.001 * random.normal());
    const streamingSma = new StreamingSma(50);
    expectSeriesClose(collect(prices.length, (i) => streamingSma.update(prices[i]!)), sma(prices, 50));
    const streamingZ = new StreamingZScore(50);
    expectSeriesClose(collect(prices.length, (i) => streamingZ.update(prices[i]!)), rollingZScore(prices, 50), 1e3);
  });
});
