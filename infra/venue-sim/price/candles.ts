import { type SimInstrumentName, knownSimInstrument } from '../market/instruments';
import type { SimCandle, SimPriceBar } from '../market/candle-types';
import type { CandleGrid } from './candle-grid';
import { BAR_MS, STEP_MS, STEPS_PER_BAR, type PricePath } from './price-path';
import { sidesOf } from './quotes';

/**
 * The candle over [startMs, endMs) (one cell of its granularity's grid), built from the seconds of the price path up
 * to min(endMs, nowMs + 1 s), leaving out the M5 bars the market was closed for (its hours change on the hour).
 * Every granularity aggregates the same seconds, so M5, H1 and D agree with each other. Returns undefined when the
 * candle has not started yet, precedes the history or falls wholly in a closure.
 */
export function candleAt(path: PricePath, instrument: SimInstrumentName, startMs: number, endMs: number, nowMs: number): SimCandle | undefined {
  if (startMs > nowMs || startMs < path.historyStartMs) return undefined;
  const precision = knownSimInstrument(instrument).displayPrecision;
  const firstStep = (startMs - path.historyStartMs) / STEP_MS;
  const endStep = Math.min((endMs - path.historyStartMs) / STEP_MS, Math.floor((nowMs - path.historyStartMs) / STEP_MS) + 1);
  let candle: SimCandle | undefined;
  for (let k = Math.floor(firstStep / STEPS_PER_BAR); k * STEPS_PER_BAR < endStep; k++) {
    if (!path.hours.isOpen(instrument, path.historyStartMs + k * BAR_MS)) continue;
    const from = Math.max(firstStep, k * STEPS_PER_BAR) - k * STEPS_PER_BAR;
    const to = Math.min(endStep, (k + 1) * STEPS_PER_BAR) - k * STEPS_PER_BAR;
    const bar = path.partialBar(instrument, k, from, to);
    const sides = sidesOf(bar, precision);
    candle = candle
      ? { ...candle, volume: candle.volume + bar.volume, mid: extend(candle.mid!, sides.mid), bid: extend(candle.bid!, sides.bid), ask: extend(candle.ask!, sides.ask) }
      : { timeMs: startMs, volume: bar.volume, complete: endMs <= nowMs, ...sides };
  }
  return candle;
}

function extend(bar: SimPriceBar, next: SimPriceBar): SimPriceBar {
  return { o: bar.o, h: Math.max(bar.h, next.h), l: Math.min(bar.l, next.l), c: next.c };
}

export const MAX_CANDLE_COUNT = 5000;

export interface CandleRange {
  fromMs?: number;
  toMs?: number;
  count?: number;
  includeFirst?: boolean;
}

/**
 * Start times of the candles a v20 candles request selects, oldest first, clipped to [history start, now] and
 * skipping those the market was closed for throughout (a count counts candles, not grid cells); at most
 * MAX_CANDLE_COUNT + 1 of them, enough to tell a range that is too long.
 */
export function candleStartTimes(path: PricePath, instrument: SimInstrumentName, grid: CandleGrid, range: CandleRange, nowMs: number): number[] {
  const ceil = (t: number): number => (grid.floor(t) === t ? t : grid.next(grid.floor(t)));
  const traded = (t: number): boolean => path.hours.nextOpenMs(instrument, t) < Math.min(grid.next(t), nowMs + STEP_MS);
  /** The earliest start from which [start, last] holds `count` traded candles (or the history's start). */
  const firstOfLast = (last: number, count: number): number => {
    let first = last;
    let counted = traded(first) ? 1 : 0;
    while (counted < count && first > path.historyStartMs) {
      first = grid.floor(first - 1);
      if (traded(first)) counted++;
    }
    return first;
  };
  const earliest = ceil(path.historyStartMs);
  const latest = grid.floor(nowMs);
  let first: number;
  let last: number;
  if (range.fromMs !== undefined) {
    first = ceil(range.fromMs);
    if (range.includeFirst === false && first === range.fromMs) first = grid.next(first);
    last = range.toMs !== undefined ? grid.floor(range.toMs - 1) : Number.POSITIVE_INFINITY;
  } else {
    last = range.toMs !== undefined ? grid.floor(range.toMs - 1) : latest;
    first = firstOfLast(last, range.count ?? 500);
  }
  const limit = range.fromMs !== undefined && range.toMs === undefined ? range.count ?? 500 : MAX_CANDLE_COUNT + 1;
  const times: number[] = [];
  for (let t = Math.max(first, earliest); t <= Math.min(last, latest) && times.length < limit; t = grid.next(t)) {
    if (traded(t)) times.push(t);
  }
  return times;
}

export function candles(path: PricePath, instrument: SimInstrumentName, grid: CandleGrid, range: CandleRange, nowMs: number): SimCandle[] {
  path.ensureBars(path.barIndexAt(nowMs) + 1);
  return candleStartTimes(path, instrument, grid, range, nowMs)
    .map((t) => candleAt(path, instrument, t, grid.next(t), nowMs))
    .filter((c): c is SimCandle => c !== undefined);
}
