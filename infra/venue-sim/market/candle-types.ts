/** The simulator's candles, as OANDA's Candlestick carries them (times in epoch milliseconds, prices as numbers). */

/** Open, high, low, close of one side (bid, ask or mid). */
export interface SimPriceBar {
  o: number;
  h: number;
  l: number;
  c: number;
}

export interface SimCandle {
  timeMs: number;
  volume: number;
  complete: boolean;
  mid?: SimPriceBar;
  bid?: SimPriceBar;
  ask?: SimPriceBar;
}

/** OANDA's CandlestickGranularity values. */
export const SIM_GRANULARITIES = ['S5', 'S10', 'S15', 'S30', 'M1', 'M2', 'M4', 'M5', 'M10', 'M15', 'M30', 'H1', 'H2', 'H3', 'H4', 'H6', 'H8', 'H12', 'D', 'W', 'M'] as const;
export type SimGranularity = (typeof SIM_GRANULARITIES)[number];
/** The granularities of one length: all but weeks and months. */
export type FixedSimGranularity = Exclude<SimGranularity, 'W' | 'M'>;

/** A granularity's length: the letter is the unit (S, M, H; D is a day) and the number how many of them. */
export function simGranularityMs(granularity: FixedSimGranularity): number {
  if (granularity === 'D') return 86_400_000;
  const unitMs = { S: 1_000, M: 60_000, H: 3_600_000 }[granularity[0] as 'S' | 'M' | 'H'];
  return unitMs * Number(granularity.slice(1));
}
