import { candleSeriesFromCandles } from '../../../../domain/backtest/candle-series';
import { syntheticCandleSeries } from '../../../../domain/backtest/synthetic-series';
import type { Candle } from '../../../../domain/market';
import { seededRandom } from '../../../../domain/random';

const candle = (timeMs: number, bidClose: number, complete = true): Candle => ({
  timeMs, volume: 10, complete,
  bid: { o: 1.1, h: 1.102, l: 1.099, c: bidClose },
  ask: { o: 1.1002, h: 1.1022, l: 1.0992, c: bidClose + 0.0002 },
});

describe('candle series', () => {
  it('puts complete candles in columns and derives mid = (bid + ask) / 2', () => {
    const series = candleSeriesFromCandles([candle(0, 1.101), candle(60_000, 1.1), candle(120_000, 1.2, false)]);
    expect(series.length).toBe(2);
    expect(Array.from(series.timeMs)).toEqual([0, 60_000]);
    expect(Array.from(series.bidClose)).toEqual([1.101, 1.1]);
    expect(series.mid.open[0]).toBeCloseTo(1.1001, 12);
    expect(series.mid.high[0]).toBeCloseTo(1.1021, 12);
    expect(series.mid.close[1]).toBeCloseTo(1.1001, 12);
  });

  it('fails fast on a candle without both sides or out of time order', () => {
    const { ask: _ask, ...bidOnly } = candle(0, 1.1);
    expect(() => candleSeriesFromCandles([bidOnly])).toThrow('candle at 1970-01-01T00:00:00.000Z has no ask prices; request price=BA');
    expect(() => candleSeriesFromCandles([candle(60_000, 1.1), candle(0, 1.1)])).toThrow('candles out of order at 1970-01-01T00:00:00.000Z');
  });

  it('builds a reproducible synthetic walk with a constant spread and consistent bars', () => {
    const a = syntheticCandleSeries({ bars: 500, random: seededRandom(1), spreadPrice: 0.0002 });
    const b = syntheticCandleSeries({ bars: 500, random: seededRandom(1), spreadPrice: 0.0002 });
    expect(Array.from(a.askClose)).toEqual(Array.from(b.askClose));
    for (let i = 0; i < a.length; i++) {
      expect(a.askOpen[i]! - a.bidOpen[i]!).toBeCloseTo(0.0002, 12);
      expect(a.mid.high[i]).toBeGreaterThanOrEqual(Math.max(a.mid.open[i]!, a.mid.close[i]!));
      expect(a.mid.low[i]).toBeLessThanOrEqual(Math.min(a.mid.open[i]!, a.mid.close[i]!));
      if (i > 0) expect(a.mid.open[i]).toBe(a.mid.close[i - 1]);
    }
  });
});
