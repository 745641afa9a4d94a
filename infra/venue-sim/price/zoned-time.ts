/** Wall-clock time in an IANA time zone, for candles aligned to a local hour (OANDA's alignmentTimezone). */

export interface LocalDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  weekday: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'long', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

export function localTime(utcMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(utcMs)) parts[part.type] = part.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), weekday: parts.weekday!,
  };
}

/** The local date `days` after `date` (negative: before), across month and year ends. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/**
 * The instant the zone's clocks show `hour`:00 on `date`: the first of two when a DST change repeats the hour, the
 * first instant after the gap when it skips it.
 */
export function zonedHourToUtc(date: LocalDate, hour: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour);
  // The offsets half a day either side bracket any change on this date.
  const candidates = [wall - offsetAt(wall - HALF_DAY_MS, timeZone), wall - offsetAt(wall + HALF_DAY_MS, timeZone)];
  const shown = candidates.filter((utcMs) => {
    const local = localTime(utcMs, timeZone);
    return local.day === date.day && local.hour === hour && local.minute === 0;
  });
  return shown.length > 0 ? Math.min(...shown) : Math.max(...candidates);
}

const HALF_DAY_MS = 43_200_000;

/** Local wall time minus UTC at the instant, in ms (New York in winter: -5 h). */
function offsetAt(utcMs: number, timeZone: string): number {
  const local = localTime(utcMs, timeZone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - Math.floor(utcMs / 1000) * 1000;
}
