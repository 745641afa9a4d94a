import { type SimInstrumentName, knownSimInstrument } from '../market/instruments';
import type { SimPriceBar } from '../market/candle-types';
import type { BarStats, PricePath } from './price-path';

/** A simulator quote: bid and ask rounded to the instrument's display precision. */
export interface SimQuote {
  instrument: SimInstrumentName;
  /** When this price was made: the close's last second while the market is closed. */
  timeMs: number;
  /** False while the market is closed: the price is the last one before the close. */
  tradeable: boolean;
  bid: number;
  ask: number;
  mid: number;
}

export function roundToPrecision(value: number, precision: number): number {
  const scale = 10 ** precision;
  return Math.round(value * scale) / scale;
}

/** Bid and ask around a mid price, at least one price increment apart. */
export function bidAsk(mid: number, spread: number, precision: number): { bid: number; ask: number } {
  const bid = roundToPrecision(mid - spread / 2, precision);
  const ask = Math.max(roundToPrecision(mid + spread / 2, precision), roundToPrecision(bid + 10 ** -precision, precision));
  return { bid, ask };
}

export function quoteAt(path: PricePath, instrument: SimInstrumentName, timeMs: number): SimQuote {
  const precision = knownSimInstrument(instrument).displayPrecision;
  const { mid, spread } = path.midAndSpreadAt(instrument, timeMs);
  const { bid, ask } = bidAsk(mid, spread, precision);
  const tradeable = path.hours.isOpen(instrument, timeMs);
  return { instrument, timeMs: tradeable ? timeMs : path.hours.priceTimeMs(instrument, timeMs), tradeable, bid, ask, mid: roundToPrecision((bid + ask) / 2, precision + 1) };
}

/** Bid, mid and ask bars of a bar whose spread is constant. */
export function sidesOf(bar: BarStats, precision: number): { mid: SimPriceBar; bid: SimPriceBar; ask: SimPriceBar } {
  const side = (sign: -1 | 0 | 1): SimPriceBar => ({
    o: roundToPrecision(bar.open + (sign * bar.spread) / 2, precision),
    h: roundToPrecision(bar.high + (sign * bar.spread) / 2, precision),
    l: roundToPrecision(bar.low + (sign * bar.spread) / 2, precision),
    c: roundToPrecision(bar.close + (sign * bar.spread) / 2, precision),
  });
  return { mid: side(0), bid: side(-1), ask: side(1) };
}
