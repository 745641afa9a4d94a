/** v20 prices, heartbeats and candles → domain quotes and candles. */
import type { Candle, PriceBar, Quote } from '../../../domain/market';
import type { HeartbeatEvent, PriceEvent } from '../../../domain/broker';
import { decimal, timeMs } from './parse';
import type { V20Candlestick, V20CandlestickData, V20ClientPrice, V20PricingHeartbeat } from './v20-payloads';

/** Top of book: the first bucket on each side (OANDA falls back to the closeout prices when a side has no depth). */
export function toQuote(raw: V20ClientPrice): Quote {
  const field = `price ${raw.instrument}`;
  return {
    instrument: raw.instrument,
    timeMs: timeMs(raw.time, `${field} time`),
    bid: decimal(raw.bids[0]?.price ?? raw.closeoutBid, `${field} bids[0].price`),
    ask: decimal(raw.asks[0]?.price ?? raw.closeoutAsk, `${field} asks[0].price`),
    tradeable: raw.tradeable ?? false,
  };
}

export function toPriceEvent(raw: V20ClientPrice): PriceEvent {
  return { type: 'price', ...toQuote(raw) };
}

export function toHeartbeatEvent(raw: V20PricingHeartbeat): HeartbeatEvent {
  return { type: 'heartbeat', timeMs: timeMs(raw.time, 'heartbeat time') };
}

export function toCandle(raw: V20Candlestick, instrument: string): Candle {
  const field = `candle ${instrument} ${raw.time}`;
  return {
    timeMs: timeMs(raw.time, `${field} time`),
    volume: raw.volume,
    complete: raw.complete,
    mid: raw.mid && toPriceBar(raw.mid, `${field} mid`),
    bid: raw.bid && toPriceBar(raw.bid, `${field} bid`),
    ask: raw.ask && toPriceBar(raw.ask, `${field} ask`),
  };
}

function toPriceBar(raw: V20CandlestickData, field: string): PriceBar {
  return { o: decimal(raw.o, `${field}.o`), h: decimal(raw.h, `${field}.h`), l: decimal(raw.l, `${field}.l`), c: decimal(raw.c, `${field}.c`) };
}
