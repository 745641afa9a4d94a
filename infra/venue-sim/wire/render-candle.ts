import type { SimCandle, SimPriceBar } from '../market/candle-types';
import * as format from './format';

/** A v20 Candlestick with the price components asked for ("M", "B", "A" in any combination). */
export function renderCandle(candle: SimCandle, components: string, precision: number): Record<string, unknown> {
  const bar = (b: SimPriceBar): Record<string, string> => ({
    o: format.price(b.o, precision),
    h: format.price(b.h, precision),
    l: format.price(b.l, precision),
    c: format.price(b.c, precision),
  });
  return {
    complete: candle.complete,
    volume: candle.volume,
    time: format.time(candle.timeMs),
    ...(components.includes('B') && candle.bid ? { bid: bar(candle.bid) } : {}),
    ...(components.includes('M') && candle.mid ? { mid: bar(candle.mid) } : {}),
    ...(components.includes('A') && candle.ask ? { ask: bar(candle.ask) } : {}),
  };
}
