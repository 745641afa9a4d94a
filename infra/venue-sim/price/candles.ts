import { type SimInstrumentName, knownSimInstrument } from '../market/instruments';
import { type SimCandle, type SimGranularity, type SimPriceBar, simGranularityMs } from '../market/candle-types';
import { STEP_MS, STEPS_PER_BAR, type PricePath } from './price-path';
import { sidesOf } from './quotes';

/**
 * The candle starting at startMs (aligned to the granularity), built from the seconds of the price path in
 * [startMs, min(startMs + granularity, nowMs + 1 s)). Every granularity aggregates the same seconds, so M5, H1 and
 * D agree with each other. Returns undefined when the candle has not started yet or precedes the history.
 */
export function candleAt(path: PricePath, instrument: SimInstrumentName, granularity: SimGranularity, startMs: number, nowMs: number): SimCandle | undefined {
  const lengthMs = simGranularityMs(granularity);
  if (startMs > nowMs || startMs < path.historyStartMs) return undefined;
  const precision = knownSimInstrument(instrument).displayPrecision;
  const firstStep = (startMs - path.historyStartMs) / STEP_MS;
  const endStep = Math.min((startMs + lengthMs - path.historyStartMs) / STEP_MS, Math.floor((nowMs - path.historyStartMs) / STEP_MS) + 1);
  let candle: SimCandle | undefined;
  for (let k = Math.floor(firstStep / STEPS_PER_BAR); k * STEPS_PER_BAR < endStep; k++) {
    const from = Math.max(firstStep, k * STEPS_PER_BAR) - k * STEPS_PER_BAR;
    const to = Math.min(endStep, (k + 1) * STEPS_PER_BAR) - k * STEPS_PER_BAR;
    const bar = path.partialBar(instrument, k, from, to);
    const sides = sidesOf(bar, precision);
    candle = candle
      ? { ...candle, volume: candle.volume + bar.volume, mid: extend(candle.mid!, sides.mid), bid: extend(candle.bid!, sides.bid), ask: extend(candle.ask!, sides.ask) }
      : { timeMs: startMs, volume: bar.volume, complete: startMs + lengthMs <= nowMs, ...sides };
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

/** Start times of the candles a v20 candles request selects, oldest first, clipped to [history start, now]. */
export function candleStartTimes(path: PricePath, granularity: SimGranularity, range: CandleRange, nowMs: number): number[] {
  const lengthMs = simGranularityMs(granularity);
  const alignDown = (t: number): number => Math.floor(t / lengthMs) * lengthMs;
  const earliest = Math.ceil(path.historyStartMs / lengthMs) * lengthMs;
  const latest = alignDown(nowMs);
  let first: number;
  let last: number;
  if (range.fromMs !== undefined) {
    first = Math.ceil(range.fromMs / lengthMs) * lengthMs;
    if (range.includeFirst === false && first === range.fromMs) first += lengthMs;
    last = range.toMs !== undefined ? Math.ceil(range.toMs / lengthMs) * lengthMs - lengthMs : first + ((range.count ?? 500) - 1) * lengthMs;
  } else {
    last = range.toMs !== undefined ? Math.ceil(range.toMs / lengthMs) * lengthMs - lengthMs : latest;
    first = last - ((range.count ?? 500) - 1) * lengthMs;
  }
  first = Math.max(first, earliest);
  last = Math.min(last, latest);
  const times: number[] = [];
  for (let t = first; t <= last; t += lengthMs) times.push(t);
  return times;
}

export function candles(path: PricePath, instrument: SimInstrumentName, granularity: SimGranularity, range: CandleRange, nowMs: number): SimCandle[] {
  path.ensureBars(path.barIndexAt(nowMs) + 1);
  return candleStartTimes(path, granularity, range, nowMs)
    .map((t) => candleAt(path, instrument, granularity, t, nowMs))
    .filter((c): c is SimCandle => c !== undefined);
}
