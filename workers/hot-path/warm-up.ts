import type { Broker } from '../../domain/broker/broker';
import type { DecisionEngine } from '../../domain/execution/decision-engine';
import type { Granularity, InstrumentName } from '../../domain/market';
import type { Bar } from '../../domain/strategies/types';

/**
 * The broker's recent complete candles of each instrument, as the engine's bars (the mid of bid and ask, as the
 * engine builds bars from ticks), handed to the engine before the first tick: its strategies start warm, so the
 * hot path can trade on its first live bar instead of after a warm-up's worth of bars. Returns the bars each took.
 */
export async function warmUpFromCandleHistory(broker: Broker, engine: DecisionEngine, instruments: readonly InstrumentName[], granularity: Granularity, count: number): Promise<Record<InstrumentName, number>> {
  const histories = await Promise.all(instruments.map((instrument) => broker.candles({ instrument, granularity, count, components: ['bid', 'ask'] })));
  return Object.fromEntries(instruments.map((instrument, index) => {
    const bars = histories[index]!.flatMap((candle): Bar[] => {
      const { bid, ask } = candle;
      if (!candle.complete || !bid || !ask) return [];
      return [{ timeMs: candle.timeMs, open: (bid.o + ask.o) / 2, high: (bid.h + ask.h) / 2, low: (bid.l + ask.l) / 2, close: (bid.c + ask.c) / 2 }];
    });
    return [instrument, engine.warmUp(instrument, bars)];
  }));
}
