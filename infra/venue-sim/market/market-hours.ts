import { localTime } from '../price/zoned-time';
import { knownSimInstrument, type SimInstrumentName } from './instruments';

/** When an instrument trades. Prices stop at a close and resume, wherever the market has gone, at the open. */
export interface MarketHours {
  readonly name: 'oanda' | 'always-open';
  isOpen(instrument: SimInstrumentName, timeMs: number): boolean;
  /** The instant whose price is in force at timeMs: timeMs itself while open, the close's last second while closed. */
  priceTimeMs(instrument: SimInstrumentName, timeMs: number): number;
  /** timeMs while open, else the next open. */
  nextOpenMs(instrument: SimInstrumentName, timeMs: number): number;
}

const HOUR_MS = 3_600_000;
const NEW_YORK = 'America/New_York';
/** The last price second before a close: prices change once a second. */
const LAST_SECOND_MS = 1000;
/** A closure longer than this is a calendar mistake, not a weekend. */
const MAX_CLOSED_HOURS = 24 * 7;

type Schedule = 'currency' | 'metal';

/**
 * OANDA's hours: every instrument closes for the week at 17:00 New York on Friday and opens at 17:00 on Sunday;
 * metals also stop for an hour at 17:00 every day (so gold opens at 18:00 on Sunday). New York's offset is a whole
 * number of hours all year, so a UTC hour is wholly open or wholly closed: the answer is kept per hour.
 */
export class OandaMarketHours implements MarketHours {
  readonly name = 'oanda';
  private readonly closedHours = { currency: new Map<number, boolean>(), metal: new Map<number, boolean>() };
  /** Per closed hour, the close's last second: orders are checked every second, also through a weekend. */
  private readonly closeTimes = { currency: new Map<number, number>(), metal: new Map<number, number>() };

  isOpen(instrument: SimInstrumentName, timeMs: number): boolean {
    return !this.closed(scheduleOf(instrument), Math.floor(timeMs / HOUR_MS));
  }

  priceTimeMs(instrument: SimInstrumentName, timeMs: number): number {
    const schedule = scheduleOf(instrument);
    const hour = Math.floor(timeMs / HOUR_MS);
    if (!this.closed(schedule, hour)) return timeMs;
    let closeTimeMs = this.closeTimes[schedule].get(hour);
    if (closeTimeMs === undefined) {
      let first = hour;
      for (let back = 0; back < MAX_CLOSED_HOURS && this.closed(schedule, first - 1); back++) first--;
      closeTimeMs = first * HOUR_MS - LAST_SECOND_MS;
      this.closeTimes[schedule].set(hour, closeTimeMs);
    }
    return closeTimeMs;
  }

  nextOpenMs(instrument: SimInstrumentName, timeMs: number): number {
    const schedule = scheduleOf(instrument);
    let hour = Math.floor(timeMs / HOUR_MS);
    if (!this.closed(schedule, hour)) return timeMs;
    for (let ahead = 0; ahead < MAX_CLOSED_HOURS && this.closed(schedule, hour); ahead++) hour++;
    return hour * HOUR_MS;
  }

  private closed(schedule: Schedule, hour: number): boolean {
    const known = this.closedHours[schedule].get(hour);
    if (known !== undefined) return known;
    const local = localTime(hour * HOUR_MS, NEW_YORK);
    const weekend = (local.weekday === 'Friday' && local.hour >= 17) || local.weekday === 'Saturday' || (local.weekday === 'Sunday' && local.hour < 17);
    const closed = weekend || (schedule === 'metal' && local.hour === 17);
    this.closedHours[schedule].set(hour, closed);
    return closed;
  }
}

/** A market that never closes, for runs whose clock must not meet a weekend. */
export const ALWAYS_OPEN: MarketHours = Object.freeze({
  name: 'always-open' as const,
  isOpen: () => true,
  priceTimeMs: (_instrument: SimInstrumentName, timeMs: number) => timeMs,
  nextOpenMs: (_instrument: SimInstrumentName, timeMs: number) => timeMs,
});

const OANDA_HOURS = new OandaMarketHours();

export function marketHoursNamed(name: MarketHours['name']): MarketHours {
  return name === 'oanda' ? OANDA_HOURS : ALWAYS_OPEN;
}

function scheduleOf(instrument: SimInstrumentName): Schedule {
  return knownSimInstrument(instrument).type === 'METAL' ? 'metal' : 'currency';
}
