/**
 * One instrument's net position as the engine tracks it from fills: signed units and their average entry price.
 * Netting, as OANDA accounts without hedging: a fill against the position closes first, and any excess opens the
 * other way at the fill price.
 */
export interface NetPosition {
  units: number;
  /** NaN when flat. */
  averagePriceQuote: number;
}

export const flatPosition = (): NetPosition => ({ units: 0, averagePriceQuote: Number.NaN });

/** Applies a fill of signed `units` at `priceQuote`; returns the change in the number of open positions (-1, 0 or 1). */
export function applyFill(position: NetPosition, units: number, priceQuote: number): -1 | 0 | 1 {
  const before = position.units;
  const after = before + units;
  if (before === 0) position.averagePriceQuote = priceQuote;
  else if (Math.sign(before) === Math.sign(units)) position.averagePriceQuote = (before * position.averagePriceQuote + units * priceQuote) / after;
  else if (after === 0) position.averagePriceQuote = Number.NaN;
  else if (Math.sign(after) !== Math.sign(before)) position.averagePriceQuote = priceQuote;
  position.units = after;
  if (before === 0 && after !== 0) return 1;
  if (before !== 0 && after === 0) return -1;
  return 0;
}

/**
 * Open P/L in the quote currency's account value, marked where the position would exit: at the bid for a long, the
 * ask for a short. Written as the backtester writes a trade's profit (units × (exit − entry) × rate), so a close
 * valued here equals the backtester's to the last bit.
 */
export function unrealizedProfit(position: Readonly<NetPosition>, bid: number, ask: number, quoteToAccountRate: number): number {
  if (position.units === 0) return 0;
  const exitPrice = position.units > 0 ? bid : ask;
  return position.units * (exitPrice - position.averagePriceQuote) * quoteToAccountRate;
}
