/**
 * Data-quality checks on fetched candles before a strategy may act on them. Each problem comes back as a reason a
 * person can act on; an instrument with any problem is skipped, not traded on doubtful data.
 */
import { granularityMs, type Candle, type Granularity, type InstrumentName } from '../market';
import { closedMsBetween } from './market-hours';

export interface CandleQualityRules {
  /** Fewest complete candles the strategy needs. */
  minimumCandles: number;
  /** Largest tolerated gap between consecutive candles, in candle periods of open market (1 = no gap). */
  maxGapPeriods: number;
  /** The last complete candle may end at most this many periods of open market before now. */
  maxStalePeriods: number;
}

export const DEFAULT_CANDLE_QUALITY_RULES: Readonly<Omit<CandleQualityRules, 'minimumCandles'>> = Object.freeze({
  maxGapPeriods: 3,
  maxStalePeriods: 2,
});

const iso = (timeMs: number): string => new Date(timeMs).toISOString();

function priceProblem(candle: Candle): string | undefined {
  for (const side of ['bid', 'ask'] as const) {
    const bar = candle[side];
    if (!bar) return `candle at ${iso(candle.timeMs)} has no ${side} prices`;
    const values = [bar.o, bar.h, bar.l, bar.c];
    if (values.some((value) => !(value > 0) || !Number.isFinite(value))) {
      return `candle at ${iso(candle.timeMs)} has a non-positive ${side} price (${values.join(', ')})`;
    }
  }
  return undefined;
}

/**
 * Every problem with `candles` (oldest first) for a decision taken at `nowMs`; an empty list means usable. Time the
 * market was closed counts neither as a gap nor as staleness: Monday's candles follow Friday's.
 */
export function candleQualityProblems(instrument: InstrumentName, candles: readonly Candle[], granularity: Granularity, nowMs: number, rules: CandleQualityRules): string[] {
  const openMsBetween = (fromMs: number, toMs: number): number => toMs - fromMs - closedMsBetween(instrument, fromMs, toMs);
  const periodMs = granularityMs(granularity);
  const complete = candles.filter((candle) => candle.complete);
  const problems: string[] = [];
  if (complete.length < rules.minimumCandles) {
    problems.push(`only ${complete.length} complete ${granularity} candles, the strategy needs ${rules.minimumCandles}`);
  }
  for (const candle of complete) {
    const problem = priceProblem(candle);
    if (problem) problems.push(problem);
  }
  for (let i = 1; i < complete.length; i++) {
    const gapMs = openMsBetween(complete[i - 1]!.timeMs, complete[i]!.timeMs);
    if (gapMs > rules.maxGapPeriods * periodMs) {
      problems.push(`gap of ${Math.round(gapMs / periodMs)} ${granularity} periods between ${iso(complete[i - 1]!.timeMs)} and ${iso(complete[i]!.timeMs)}`);
    }
  }
  const last = complete.at(-1);
  if (last) {
    const endMs = last.timeMs + periodMs;
    const staleMs = openMsBetween(endMs, nowMs);
    if (staleMs > rules.maxStalePeriods * periodMs) {
      problems.push(`last complete candle ended at ${iso(endMs)}, ${Math.round(staleMs / periodMs)} ${granularity} periods of open market before now: stale`);
    }
  }
  return problems;
}
