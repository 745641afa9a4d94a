/**
 * When OANDA's market trades, as the product plans around it: the week runs from 17:00 New York on Sunday to 17:00 on
 * Friday, and metals also pause from 17:00 to 18:00 New York every day. The venue's own word (a quote's `tradeable`,
 * a MARKET_HALTED cancel) decides whether to trade; this calendar says how long a closure lasts, so a weekend is
 * neither a gap in the candles nor staleness, and when trading should be tried again.
 */
import { instrumentSpec, type InstrumentName } from '../market';

const HOUR_MS = 3_600_000;
const WEEK_HOURS = 168;
const FRIDAY_CLOSE_WEEK_HOUR = 5 * 24 + 17;
const SUNDAY_OPEN_WEEK_HOUR = 17;
const METAL_BREAK_HOUR = 17;
const CACHE_LIMIT = 100_000;

const newYork = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', weekday: 'short', hour: 'numeric' });
const WEEKDAY_INDEX: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Hours since Sunday 00:00 New York of the UTC hour `hourIndex` (New York's offset is whole hours all year). */
function newYorkWeekHour(hourIndex: number): number {
  let weekday = 0;
  let hour = 0;
  for (const part of newYork.formatToParts(hourIndex * HOUR_MS)) {
    if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
  }
  return weekday * 24 + hour;
}

const tradedHours = new Map<number, boolean>();

function hourTrades(metal: boolean, hourIndex: number): boolean {
  const key = metal ? -hourIndex - 1 : hourIndex;
  let trades = tradedHours.get(key);
  if (trades === undefined) {
    const weekHour = newYorkWeekHour(hourIndex);
    trades = weekHour >= SUNDAY_OPEN_WEEK_HOUR && weekHour < FRIDAY_CLOSE_WEEK_HOUR && !(metal && weekHour % 24 === METAL_BREAK_HOUR);
    if (tradedHours.size >= CACHE_LIMIT) tradedHours.clear();
    tradedHours.set(key, trades);
  }
  return trades;
}

const isMetal = (instrument: InstrumentName): boolean => instrumentSpec(instrument).type === 'METAL';

export function marketOpen(instrument: InstrumentName, timeMs: number): boolean {
  return hourTrades(isMetal(instrument), Math.floor(timeMs / HOUR_MS));
}

/** timeMs while the market is open, else when it opens next. */
export function nextMarketOpenMs(instrument: InstrumentName, timeMs: number): number {
  const metal = isMetal(instrument);
  let hourIndex = Math.floor(timeMs / HOUR_MS);
  if (hourTrades(metal, hourIndex)) return timeMs;
  for (let checked = 0; checked < WEEK_HOURS && !hourTrades(metal, hourIndex); checked++) hourIndex++;
  return hourIndex * HOUR_MS;
}

/** A quiet instrument's last price can come hours before the close it precedes. */
const LAST_PRICE_BEFORE_CLOSE_HOURS = 12;

/**
 * When a closure the venue reports reopens, by the calendar, counted from the venue's last price before it: the
 * calendar's first closure within 12 hours of that price; undefined when the calendar knows none (a holiday, a halt).
 */
export function reopeningAfterLastPrice(instrument: InstrumentName, lastPriceMs: number): number | undefined {
  const metal = isMetal(instrument);
  const hourIndex = Math.floor(lastPriceMs / HOUR_MS);
  for (let hour = hourIndex; hour <= hourIndex + LAST_PRICE_BEFORE_CLOSE_HOURS; hour++) {
    if (!hourTrades(metal, hour)) return nextMarketOpenMs(instrument, hour * HOUR_MS);
  }
  return undefined;
}

/** How much of [fromMs, toMs) the market was closed for. */
export function closedMsBetween(instrument: InstrumentName, fromMs: number, toMs: number): number {
  const metal = isMetal(instrument);
  let closedMs = 0;
  for (let start = fromMs; start < toMs;) {
    const end = Math.min(toMs, (Math.floor(start / HOUR_MS) + 1) * HOUR_MS);
    if (!hourTrades(metal, Math.floor(start / HOUR_MS))) closedMs += end - start;
    start = end;
  }
  return closedMs;
}

const MAX_CLOSED_MARKET_WAIT_MS = 15 * 60_000;

/**
 * How long to wait before trying instruments the venue says are closed again: until the calendar's next open, at most
 * 15 minutes (so a closure the calendar does not know, a holiday, is retried), and, when the calendar thinks the
 * market open, the `retryMs` the caller backs off by.
 */
export function closedMarketWaitMs(instruments: readonly InstrumentName[], nowMs: number, retryMs: number): number {
  const untilOpenMs = Math.min(...instruments.map((instrument) => nextMarketOpenMs(instrument, nowMs) - nowMs));
  return Math.min(MAX_CLOSED_MARKET_WAIT_MS, Math.max(untilOpenMs, retryMs));
}
