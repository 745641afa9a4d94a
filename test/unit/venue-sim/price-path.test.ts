import { granularityMs, pipSize } from '../../../domain/market';
import { mean, quantile, sampleCovariance, sampleStdDev } from '../../../domain/math/statistics';
import { candleGrid, OANDA_ALIGNMENT } from '../../../infra/venue-sim/price/candle-grid';
import { candles } from '../../../infra/venue-sim/price/candles';
import { BAR_MS, PricePath } from '../../../infra/venue-sim/price/price-path';
import { quoteAt } from '../../../infra/venue-sim/price/quotes';

const HISTORY_START_MS = Date.UTC(2025, 0, 1);
const BARS_PER_YEAR = 365 * 288;
const NOW_MS = HISTORY_START_MS + BARS_PER_YEAR * BAR_MS + 17 * 60_000 + 42_000;

function logReturns(path: PricePath, instrument: string, bars: number): number[] {
  const returns: number[] = [];
  for (let k = 1; k <= bars; k++) returns.push(Math.log(path.open(instrument, k) / path.open(instrument, k - 1)));
  return returns;
}

function correlation(a: number[], b: number[]): number {
  return sampleCovariance(a, b) / (sampleStdDev(a) * sampleStdDev(b));
}

describe('venue simulator price path', () => {
  const path = new PricePath(42, HISTORY_START_MS);
  path.ensureBars(path.barIndexAt(NOW_MS) + 1);

  it('regenerates identical bars and quotes from the same seed, and different ones from another seed', () => {
    const again = new PricePath(42, HISTORY_START_MS);
    const other = new PricePath(43, HISTORY_START_MS);
    for (const k of [0, 1, 5000, 19_999]) {
      expect(again.bar('EUR_USD', k)).toEqual(path.bar('EUR_USD', k));
      expect(again.bar('XAU_USD', k)).toEqual(path.bar('XAU_USD', k));
    }
    const someSecondMs = HISTORY_START_MS + 15_000 * BAR_MS + 123_000;
    expect(quoteAt(again, 'USD_JPY', someSecondMs)).toEqual(quoteAt(path, 'USD_JPY', someSecondMs));
    expect(other.bar('EUR_USD', 5000).close).not.toBeCloseTo(path.bar('EUR_USD', 5000).close, 6);
  });

  it('holds at least a year of M5 bars before now, and the H1 candles aggregate exactly the same M5 path', () => {
    expect(path.barIndexAt(NOW_MS)).toBeGreaterThanOrEqual(BARS_PER_YEAR);
    const h1 = candles(path, 'GBP_USD', candleGrid('H1', OANDA_ALIGNMENT), { count: 30 }, NOW_MS);
    const m5 = candles(path, 'GBP_USD', candleGrid('M5', OANDA_ALIGNMENT), { fromMs: h1[0]!.timeMs, count: 30 * 12 }, NOW_MS);
    expect(h1).toHaveLength(30);
    expect(h1[29]!.complete).toBe(false);
    for (const hour of h1) {
      const parts = m5.filter((c) => c.timeMs >= hour.timeMs && c.timeMs < hour.timeMs + granularityMs('H1'));
      expect(parts.length).toBe(hour.complete ? 12 : Math.floor((NOW_MS - hour.timeMs) / BAR_MS) + 1);
      for (const side of ['mid', 'bid', 'ask'] as const) {
        expect(hour[side]!.o).toBe(parts[0]![side]!.o);
        expect(hour[side]!.c).toBe(parts[parts.length - 1]![side]!.c);
        expect(hour[side]!.h).toBe(Math.max(...parts.map((p) => p[side]!.h)));
        expect(hour[side]!.l).toBe(Math.min(...parts.map((p) => p[side]!.l)));
      }
      expect(hour.volume).toBe(parts.reduce((sum, p) => sum + p.volume, 0));
    }
  });

  it('keeps candles within their own high and low and bid below ask', () => {
    for (const c of candles(path, 'EUR_JPY', candleGrid('M15', OANDA_ALIGNMENT), { count: 200 }, NOW_MS)) {
      for (const side of [c.mid!, c.bid!, c.ask!]) {
        expect(side.h).toBeGreaterThanOrEqual(Math.max(side.o, side.c));
        expect(side.l).toBeLessThanOrEqual(Math.min(side.o, side.c));
      }
      expect(c.bid!.c).toBeLessThan(c.ask!.c);
    }
  });

  it('correlates EUR_USD positively with GBP_USD and negatively with USD_CHF, and prices EUR_JPY as EUR_USD × USD_JPY', () => {
    const eur = logReturns(path, 'EUR_USD', 20_000);
    expect(correlation(eur, logReturns(path, 'GBP_USD', 20_000))).toBeGreaterThan(0.3);
    expect(correlation(eur, logReturns(path, 'USD_CHF', 20_000))).toBeLessThan(-0.3);
    for (const k of [10, 50_000, BARS_PER_YEAR]) {
      expect(path.open('EUR_JPY', k)).toBeCloseTo(path.open('EUR_USD', k) * path.open('USD_JPY', k), 9);
    }
  });

  it('clusters volatility: absolute returns are autocorrelated while returns themselves are not', () => {
    const returns = logReturns(path, 'AUD_USD', 50_000);
    const absolute = returns.map(Math.abs);
    const lag1 = (xs: number[]): number => correlation(xs.slice(0, -1), xs.slice(1));
    expect(lag1(absolute)).toBeGreaterThan(0.1);
    expect(Math.abs(lag1(returns))).toBeLessThan(0.05);
  });

  it('stays at realistic levels with typical spreads for a year', () => {
    const levels: Record<string, [number, number]> = {
      EUR_USD: [0.95, 1.25], GBP_USD: [1.1, 1.45], USD_JPY: [125, 180], AUD_USD: [0.55, 0.8],
      USD_CHF: [0.75, 1.0], USD_CAD: [1.2, 1.5], EUR_JPY: [135, 195], XAU_USD: [1900, 3000],
    };
    const medianSpreadPips: Record<string, [number, number]> = { EUR_USD: [1, 1.6], USD_JPY: [1.2, 2], EUR_JPY: [2, 3.3], XAU_USD: [28, 45] };
    for (const [instrument, [low, high]] of Object.entries(levels)) {
      const opens = Array.from({ length: 365 }, (_, day) => path.open(instrument, day * 288));
      expect(Math.min(...opens)).toBeGreaterThan(low);
      expect(Math.max(...opens)).toBeLessThan(high);
    }
    for (const [instrument, [low, high]] of Object.entries(medianSpreadPips)) {
      const bars = Array.from({ length: 2000 }, (_, i) => i * 50 + 1);
      const spreads = bars.map((k) => path.bar(instrument, k).spread / pipSize(instrument));
      expect(quantile(spreads, 0.5)).toBeGreaterThan(low);
      expect(quantile(spreads, 0.5)).toBeLessThan(high);
      // Spreads widen in volatile bars: compare the spread after the largest and the smallest moves.
      const moves = bars.map((k) => Math.abs(Math.log(path.open(instrument, k) / path.open(instrument, k - 1))));
      const byMove = bars.map((_, i) => i).sort((a, b) => moves[a]! - moves[b]!);
      const spreadAfter = (indices: number[]): number => mean(indices.map((i) => spreads[i]!));
      expect(spreadAfter(byMove.slice(-200))).toBeGreaterThan(1.2 * spreadAfter(byMove.slice(0, 200)));
    }
  });
});
