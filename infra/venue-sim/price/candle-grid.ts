import { simGranularityMs, type FixedSimGranularity, type SimGranularity } from '../market/candle-types';
import { addDays, localTime, zonedHourToUtc } from './zoned-time';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** OANDA's candle alignment parameters. */
export interface CandleAlignment {
  /** dailyAlignment: the local hour at which day-aligned candles start. */
  dailyHour: number;
  /** alignmentTimezone: the IANA zone of that hour (times are still answered in UTC). */
  timeZone: string;
  /** weeklyAlignment: the day on which weekly candles start. */
  weeklyDay: Weekday;
}

/** OANDA's defaults: the trading day starts at 17:00 New York, the week on Friday. */
export const OANDA_ALIGNMENT: CandleAlignment = Object.freeze({ dailyHour: 17, timeZone: 'America/New_York', weeklyDay: 'Friday' });

/** Where a granularity's candles start. */
export interface CandleGrid {
  /** The start of the candle holding the instant. */
  floor(timeMs: number): number;
  /** The start of the candle after the one starting at `startMs`. */
  next(startMs: number): number;
}

/** The granularities of hours that OANDA aligns to the trading day rather than to the hour. */
const DAY_ALIGNED: readonly FixedSimGranularity[] = ['H2', 'H3', 'H4', 'H6', 'H8', 'H12'];

/**
 * As OANDA documents it: S5 to M1 start on the minute and M2 to H1 on the hour (both counted in UTC); H2 to H12 and D
 * at the daily alignment hour in the alignment time zone (so a day is 23 or 25 hours when its clocks change, and its
 * last candle ends with it); W on the weekly alignment day at that hour; M on the first of the month at that hour.
 */
export function candleGrid(granularity: SimGranularity, alignment: CandleAlignment): CandleGrid {
  if (granularity === 'D') {
    const days = tradingDays(alignment);
    return { floor: (timeMs) => days.startOf(timeMs), next: (startMs) => days.after(startMs) };
  }
  if (granularity === 'W') return weekGrid(alignment);
  if (granularity === 'M') return monthGrid(alignment);
  const lengthMs = simGranularityMs(granularity);
  if (!DAY_ALIGNED.includes(granularity)) {
    return { floor: (timeMs) => Math.floor(timeMs / lengthMs) * lengthMs, next: (startMs) => startMs + lengthMs };
  }
  const days = tradingDays(alignment);
  return {
    floor(timeMs) {
      const dayStart = days.startOf(timeMs);
      return dayStart + Math.floor((timeMs - dayStart) / lengthMs) * lengthMs;
    },
    next: (startMs) => Math.min(startMs + lengthMs, days.after(days.startOf(startMs))),
  };
}

function tradingDays({ dailyHour, timeZone }: CandleAlignment) {
  const startOn = (date: Parameters<typeof addDays>[0]) => zonedHourToUtc(date, dailyHour, timeZone);
  return {
    startOf(timeMs: number): number {
      const today = localTime(timeMs, timeZone);
      const start = startOn(today);
      return start <= timeMs ? start : startOn(addDays(today, -1));
    },
    /** The start of the day after the one starting at `dayStartMs`. */
    after: (dayStartMs: number): number => startOn(addDays(localTime(dayStartMs, timeZone), 1)),
    weekday: (dayStartMs: number): string => localTime(dayStartMs, timeZone).weekday,
    startOn,
  };
}

function weekGrid(alignment: CandleAlignment): CandleGrid {
  const days = tradingDays(alignment);
  return {
    floor(timeMs) {
      let start = days.startOf(timeMs);
      while (days.weekday(start) !== alignment.weeklyDay) start = days.startOf(start - 1);
      return start;
    },
    next: (startMs) => days.startOn(addDays(localTime(startMs, alignment.timeZone), 7)),
  };
}

function monthGrid(alignment: CandleAlignment): CandleGrid {
  const days = tradingDays(alignment);
  const firstOfMonth = (timeMs: number, months: number) => {
    const { year, month } = localTime(timeMs, alignment.timeZone);
    const first = new Date(Date.UTC(year, month - 1 + months, 1));
    return days.startOn({ year: first.getUTCFullYear(), month: first.getUTCMonth() + 1, day: 1 });
  };
  return {
    floor: (timeMs) => firstOfMonth(days.startOf(timeMs), 0),
    next: (startMs) => firstOfMonth(startMs, 1),
  };
}
