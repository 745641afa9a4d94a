import type { Candle, InstrumentName } from '../../domain/market';

const mid = (candle: Candle): number => (candle.mid ? candle.mid.c : (candle.bid!.c + candle.ask!.c) / 2);

/**
 * Simple returns of mid closes over the candle times every instrument has, so the series are aligned period by
 * period as covariance needs.
 */
export function alignedReturns(candlesByInstrument: Readonly<Record<InstrumentName, readonly Candle[]>>): Record<InstrumentName, Float64Array> {
  const instruments = Object.keys(candlesByInstrument);
  const closesByInstrument = instruments.map((name) => new Map(candlesByInstrument[name]!.map((candle) => [candle.timeMs, mid(candle)])));
  const commonTimes = [...(closesByInstrument[0]?.keys() ?? [])].filter((time) => closesByInstrument.every((closes) => closes.has(time))).sort((a, b) => a - b);
  return Object.fromEntries(instruments.map((name, i) => {
    const closes = commonTimes.map((time) => closesByInstrument[i]!.get(time)!);
    return [name, Float64Array.from(closes.slice(1), (close, t) => close / closes[t]! - 1)];
  }));
}
