import { and, desc, eq, gte } from 'drizzle-orm';
import type { Candle, Granularity, InstrumentName } from '../../../domain/market';
import type { Database } from '../client';
import { candles } from '../schema';

/** Inserts or refreshes candles that carry bid and ask prices; a still-forming candle is overwritten when it completes. */
export async function upsertCandles(db: Database, instrument: InstrumentName, granularity: Granularity, bars: readonly Candle[]): Promise<void> {
  const rows = bars.flatMap(({ timeMs, volume, complete, bid, ask }) => (bid && ask ? [{
    instrument, granularity, timeMs, volume, complete,
    bidOpen: bid.o, bidHigh: bid.h, bidLow: bid.l, bidClose: bid.c,
    askOpen: ask.o, askHigh: ask.h, askLow: ask.l, askClose: ask.c,
  }] : []));
  if (rows.length === 0) return;
  await db.insert(candles).values(rows).onConflictDoUpdate({
    target: [candles.instrument, candles.granularity, candles.timeMs],
    set: {
      bidOpen: candles.bidOpen, bidHigh: candles.bidHigh, bidLow: candles.bidLow, bidClose: candles.bidClose,
      askOpen: candles.askOpen, askHigh: candles.askHigh, askLow: candles.askLow, askClose: candles.askClose,
      volume: candles.volume, complete: candles.complete,
    },
    setWhere: eq(candles.complete, false),
  });
}

/** The newest `count` complete candles from `sinceMs` on, oldest first. */
export async function recentCompleteCandles(db: Database, instrument: InstrumentName, granularity: Granularity, sinceMs: number, count: number): Promise<Candle[]> {
  const rows = await db.select().from(candles)
    .where(and(eq(candles.instrument, instrument), eq(candles.granularity, granularity), eq(candles.complete, true), gte(candles.timeMs, sinceMs)))
    .orderBy(desc(candles.timeMs))
    .limit(count);
  return rows.reverse().map((row) => ({
    timeMs: row.timeMs,
    volume: row.volume,
    complete: true,
    bid: { o: row.bidOpen, h: row.bidHigh, l: row.bidLow, c: row.bidClose },
    ask: { o: row.askOpen, h: row.askHigh, l: row.askLow, c: row.askClose },
  }));
}

