import type { Candle } from '../../../../domain/market';
import { candleQualityProblems } from '../../../../domain/trading/candle-quality';

const M5 = 300_000;
const START = Date.UTC(2026, 10, 20, 12, 0);
const bar = (price: number) => ({ o: price, h: price + 0.001, l: price - 0.001, c: price });
const candle = (index: number, price = 1.1, complete = true): Candle => ({ timeMs: START + index * M5, volume: 10, complete, bid: bar(price), ask: bar(price + 0.0002) });
const rules = { minimumCandles: 3, maxGapPeriods: 3, maxStalePeriods: 2 };
/** Just after the fifth candle (index 4) ended. */
const nowMs = START + 5 * M5 + 1_000;

describe('candleQualityProblems', () => {
  it('accepts contiguous, fresh, positive candles and ignores the forming one', () => {
    expect(candleQualityProblems('EUR_USD', [0, 1, 2, 3, 4].map((i) => candle(i)).concat(candle(5, 1.1, false)), 'M5', nowMs, rules)).toEqual([]);
  });

  it('names a gap longer than the tolerated periods', () => {
    const problems = candleQualityProblems('EUR_USD', [candle(0), candle(4)], 'M5', nowMs, { ...rules, minimumCandles: 2 });
    expect(problems).toEqual(['gap of 4 M5 periods between 2026-11-20T12:00:00.000Z and 2026-11-20T12:20:00.000Z']);
  });

  it('names a stale last candle', () => {
    const problems = candleQualityProblems('EUR_USD', [candle(0), candle(1), candle(2)], 'M5', nowMs, rules);
    // The last candle ended at 12:15, 10 minutes (2 periods) + 1 s before now.
    expect(problems).toEqual(['last complete candle ended at 2026-11-20T12:15:00.000Z, 2 M5 periods of open market before now: stale']);
  });

  it('names a non-positive price and too few candles', () => {
    const broken = candle(4);
    broken.bid = { o: 1.1, h: 1.1, l: 0, c: 1.1 };
    const problems = candleQualityProblems('EUR_USD', [candle(3), broken], 'M5', nowMs, rules);
    expect(problems).toEqual([
      'only 2 complete M5 candles, the strategy needs 3',
      'candle at 2026-11-20T12:20:00.000Z has a non-positive bid price (1.1, 1.1, 0, 1.1)',
    ]);
  });

  it('counts neither a weekend as a gap nor a closed market as staleness', () => {
    const H1 = 3_600_000;
    const hourly = (iso: string): Candle => ({ timeMs: Date.parse(iso), volume: 10, complete: true, bid: bar(1.1), ask: bar(1.1002) });
    // The weekly close is 22:00 UTC on Friday 4 December 2026 and the open 22:00 UTC on Sunday.
    const acrossTheWeekend = ['2026-12-04T20:00:00Z', '2026-12-04T21:00:00Z', '2026-12-06T22:00:00Z', '2026-12-06T23:00:00Z'].map(hourly);
    expect(candleQualityProblems('EUR_USD', acrossTheWeekend, 'H1', Date.parse('2026-12-07T00:00:30Z'), rules)).toEqual([]);
    expect(candleQualityProblems('EUR_USD', acrossTheWeekend.slice(0, 2), 'H1', Date.parse('2026-12-05T15:00:00Z'), { ...rules, minimumCandles: 2 })).toEqual([]);
    // Three hours of open market after Sunday's open with no candle is stale again.
    expect(candleQualityProblems('EUR_USD', acrossTheWeekend.slice(0, 2), 'H1', Date.parse('2026-12-07T01:00:00Z') + H1 / 2, { ...rules, minimumCandles: 2 }))
      .toEqual(['last complete candle ended at 2026-12-04T22:00:00.000Z, 4 H1 periods of open market before now: stale']);
  });
});
