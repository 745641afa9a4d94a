import type { Candle } from '../market';
import type { BarColumns } from '../strategies/types';

/** Candles in columns, both sides of the book; `mid` = (bid + ask) / 2, computed once, is what strategies see. */
export interface CandleSeries {
  readonly length: number;
  readonly timeMs: Float64Array;
  readonly bidOpen: Float64Array;
  readonly bidHigh: Float64Array;
  readonly bidLow: Float64Array;
  readonly bidClose: Float64Array;
  readonly askOpen: Float64Array;
  readonly askHigh: Float64Array;
  readonly askLow: Float64Array;
  readonly askClose: Float64Array;
  readonly mid: BarColumns;
}

export type BidAskColumns = Omit<CandleSeries, 'mid' | 'length'>;

const average = (a: Float64Array, b: Float64Array): Float64Array => a.map((x, i) => (x + b[i]!) / 2);

/** Adds the derived mid columns; every column must have the same length. */
export function candleSeriesFromColumns(columns: BidAskColumns): CandleSeries {
  const length = columns.timeMs.length;
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== length) throw new RangeError(`column ${name} has ${column.length} values, timeMs has ${length}`);
  }
  return {
    ...columns,
    length,
    mid: {
      length,
      timeMs: columns.timeMs,
      open: average(columns.bidOpen, columns.askOpen),
      high: average(columns.bidHigh, columns.askHigh),
      low: average(columns.bidLow, columns.askLow),
      close: average(columns.bidClose, columns.askClose),
    },
  };
}

/** Complete candles only (the broker's last candle is usually still forming); each needs bid and ask prices. */
export function candleSeriesFromCandles(candles: readonly Candle[]): CandleSeries {
  const complete = candles.filter((candle) => candle.complete);
  const column = (): Float64Array => new Float64Array(complete.length);
  const columns: BidAskColumns = {
    timeMs: column(), bidOpen: column(), bidHigh: column(), bidLow: column(), bidClose: column(),
    askOpen: column(), askHigh: column(), askLow: column(), askClose: column(),
  };
  complete.forEach((candle, i) => {
    const { bid, ask } = candle;
    if (!bid || !ask) throw new Error(`candle at ${new Date(candle.timeMs).toISOString()} has no ${bid ? 'ask' : 'bid'} prices; request price=BA`);
    if (i > 0 && candle.timeMs <= complete[i - 1]!.timeMs) throw new Error(`candles out of order at ${new Date(candle.timeMs).toISOString()}`);
    columns.timeMs[i] = candle.timeMs;
    columns.bidOpen[i] = bid.o; columns.bidHigh[i] = bid.h; columns.bidLow[i] = bid.l; columns.bidClose[i] = bid.c;
    columns.askOpen[i] = ask.o; columns.askHigh[i] = ask.h; columns.askLow[i] = ask.l; columns.askClose[i] = ask.c;
  });
  return candleSeriesFromColumns(columns);
}
