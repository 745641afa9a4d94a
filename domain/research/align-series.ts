import { candleSeriesFromColumns, type BidAskColumns, type CandleSeries } from '../backtest/candle-series';
import type { InstrumentName } from '../market';

const COLUMNS = ['timeMs', 'bidOpen', 'bidHigh', 'bidLow', 'bidClose', 'askOpen', 'askHigh', 'askLow', 'askClose'] as const;

/**
 * Keeps only the bars whose time every instrument has, so bar i is the same hour everywhere: evaluateTrial needs
 * that to form a portfolio and to cut folds. Brokers skip bars without trades, and not for every instrument alike.
 */
export function alignCandleSeries(seriesByInstrument: Readonly<Record<InstrumentName, CandleSeries>>): Record<InstrumentName, CandleSeries> {
  const entries = Object.entries(seriesByInstrument);
  if (entries.length === 0) return {};
  const counts = new Map<number, number>();
  for (const [, series] of entries) for (const time of series.timeMs) counts.set(time, (counts.get(time) ?? 0) + 1);
  return Object.fromEntries(entries.map(([name, series]) => {
    const keep: number[] = [];
    for (let i = 0; i < series.length; i++) if (counts.get(series.timeMs[i]!) === entries.length) keep.push(i);
    if (keep.length === series.length) return [name, series];
    const columns = Object.fromEntries(COLUMNS.map((column) => [column, Float64Array.from(keep, (i) => series[column][i]!)])) as unknown as BidAskColumns;
    return [name, candleSeriesFromColumns(columns)];
  }));
}
