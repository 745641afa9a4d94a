import {
  annualizedRealizedVolatility, atr, bollingerBands, donchianChannel, ema, macd, realizedVolatility, rollingZScore, rsi, sma,
  StreamingAtr, StreamingEma, StreamingRealizedVolatility, StreamingRsi,
} from '../../../../domain/indicators';

const f = (values: number[]): Float64Array => Float64Array.from(values);
const NaN_ = Number.NaN;

describe('indicators on hand-checked series', () => {
  it('SMA: (1+2+3)/3, (2+3+4)/3, (3+4+5)/3', () => {
    expect(Array.from(sma(f([1, 2, 3, 4, 5]), 3))).toEqual([NaN_, NaN_, 2, 3, 4]);
  });

  it('EMA(3): alpha 0.5, seed (2+4+6)/3 = 4, then 4+0.5(8-4) = 6, then 6+0.5(4-6) = 5', () => {
    expect(Array.from(ema(f([2, 4, 6, 8, 4]), 3))).toEqual([NaN_, NaN_, 4, 6, 5]);
    const streaming = new StreamingEma(3);
    expect([2, 4, 6].map((x) => streaming.update(x))).toEqual([NaN_, NaN_, 4]);
    expect(streaming.ready).toBe(true);
  });

  it("RSI(3) with Wilder's smoothing", () => {
    // changes +1, -0.5, +1, -0.5, +1
    // i=3: avgGain 2/3, avgLoss 1/6, RS 4, RSI 100 - 100/5 = 80
    // i=4: avgGain (2/3*2 + 0)/3 = 4/9, avgLoss (1/6*2 + 0.5)/3 = 5/18, RS 1.6, RSI 100 - 100/2.6
    // i=5: avgGain (4/9*2 + 1)/3 = 17/27, avgLoss (5/18*2)/3 = 5/27, RS 3.4, RSI 100 - 100/4.4
    const values = rsi(f([10, 11, 10.5, 11.5, 11, 12]), 3);
    expect(values[2]).toBeNaN();
    expect(values[3]).toBeCloseTo(80, 10);
    expect(values[4]).toBeCloseTo(100 - 100 / 2.6, 10);
    expect(values[5]).toBeCloseTo(100 - 100 / 4.4, 10);
  });

  it('RSI is 100 with no losses and 50 on a flat series', () => {
    expect(rsi(f([1, 2, 3]), 2)[2]).toBe(100);
    const flat = new StreamingRsi(2);
    [5, 5, 5].forEach((x) => flat.update(x));
    expect(flat.value).toBe(50);
  });

  it('MACD(2, 3, 2) on 1, 2, 3, 4, 2, 6', () => {
    // EMA2 (alpha 2/3): 1.5, 2.5, 3.5, 2.5, 4.8333; EMA3 (alpha 1/2): 2, 3, 2.5, 4.25
    // MACD from i=2: 0.5, 0.5, 0, 7/12; signal EMA2 of MACD: seed 0.5 at i=3, 0.5 + 2/3(0 - 0.5) = 1/6, 1/6 + 2/3(7/12 - 1/6) = 4/9
    const { macd: line, signal, histogram } = macd(f([1, 2, 3, 4, 2, 6]), { fast: 2, slow: 3, signal: 2 });
    expect(line[1]).toBeNaN();
    [0.5, 0.5, 0, 7 / 12].forEach((value, i) => expect(line[i + 2]).toBeCloseTo(value, 12));
    expect(signal[2]).toBeNaN();
    [0.5, 1 / 6, 4 / 9].forEach((value, i) => expect(signal[i + 3]).toBeCloseTo(value, 12));
    [0, -1 / 6, 7 / 12 - 4 / 9].forEach((value, i) => expect(histogram[i + 3]).toBeCloseTo(value, 12));
  });

  it('Bollinger(4, 2) on 1..4: mean 2.5, population variance (2.25+0.25+0.25+2.25)/4 = 1.25', () => {
    const { middle, upper, lower } = bollingerBands(f([1, 2, 3, 4]), 4, 2);
    expect(middle[3]).toBe(2.5);
    expect(upper[3]).toBeCloseTo(2.5 + 2 * Math.sqrt(1.25), 12);
    expect(lower[3]).toBeCloseTo(2.5 - 2 * Math.sqrt(1.25), 12);
  });

  it('rolling z-score: (4 - 2.5)/sqrt(1.25) = 3/sqrt(5), and 0 on a flat window', () => {
    expect(rollingZScore(f([1, 2, 3, 4]), 4)[3]).toBeCloseTo(3 / Math.sqrt(5), 12);
    expect(rollingZScore(f([7, 7, 7]), 3)[2]).toBe(0);
  });

  it('ATR(2): TR 2, 2, 2, then a gap down to 7 from 11.5 gives TR 4.5 and ATR (2 + 4.5)/2', () => {
    const high = f([10, 11, 12, 11]);
    const low = f([8, 9, 10, 7]);
    const close = f([9, 10, 11.5, 8]);
    expect(Array.from(atr(high, low, close, 2))).toEqual([NaN_, 2, 2, 3.25]);
    const streaming = new StreamingAtr(2);
    expect([0, 1, 2, 3].map((i) => streaming.update(high[i]!, low[i]!, close[i]!))).toEqual([NaN_, 2, 2, 3.25]);
  });

  it('Donchian(3): highest high and lowest low of the last three bars', () => {
    const { upper, lower, middle } = donchianChannel(f([5, 7, 6, 4, 3]), f([3, 4, 2, 3, 1]), 3);
    expect(Array.from(upper)).toEqual([NaN_, NaN_, 7, 7, 6]);
    expect(Array.from(lower)).toEqual([NaN_, NaN_, 2, 2, 1]);
    expect(middle[4]).toBe(3.5);
  });

  it('realized volatility(2): sample std of two log returns is |r1 - r2|/sqrt(2); annualized scales by sqrt(periods)', () => {
    const closes = f([100, 110, 99, 99]);
    const perBar = realizedVolatility(closes, 2);
    expect(perBar[1]).toBeNaN();
    expect(perBar[2]).toBeCloseTo(Math.log(11 / 9) / Math.SQRT2, 12);
    expect(perBar[3]).toBeCloseTo(-Math.log(0.9) / Math.SQRT2, 12);
    expect(annualizedRealizedVolatility(closes, 2, 4)[3]).toBeCloseTo((-2 * Math.log(0.9)) / Math.SQRT2, 12);
    const streaming = new StreamingRealizedVolatility(2, 4);
    closes.forEach((close) => streaming.update(close));
    expect(streaming.value).toBeCloseTo((-2 * Math.log(0.9)) / Math.SQRT2, 12);
  });

  it('rejects a period that is not a positive integer, naming the indicator', () => {
    expect(() => sma(f([1]), 0)).toThrow('SMA period must be a positive integer, got 0');
    expect(() => new StreamingEma(2.5)).toThrow('EMA period');
    expect(() => macd(f([1]), { fast: 5, slow: 3, signal: 2 })).toThrow('fast period (5) must be below the slow period (3)');
  });
});
