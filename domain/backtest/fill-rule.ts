/**
 * How orders meet prices, shared by the backtester and the live decision loop so both trade the same way:
 *
 * - A signal is read when bar t has closed; the order it causes fills at bar t+1's open, never inside bar t
 *   (the strategy could not have known bar t's close before it happened).
 * - Buys fill at the ask, sells at the bid, each moved against the trader by the slippage.
 * - An order is due only when the wanted direction differs from the last one acted on: after a stop-out the
 *   strategy must change its mind before the position is taken again.
 * - Stops and take-profits are checked inside each bar against the side the position exits on (bid for longs,
 *   ask for shorts). A gap through the level fills at the open. When one bar touches both, the stop is assumed
 *   to come first, because bar data cannot tell and the pessimistic order is the one to plan with.
 */
export type Side = 1 | -1;

export function marketFillPrice(side: Side, bidOpen: number, askOpen: number, slippagePrice: number): number {
  return side === 1 ? askOpen + slippagePrice : bidOpen - slippagePrice;
}

export function orderIsDue(lastActedDirection: number, wantedDirection: number): boolean {
  return wantedDirection !== lastActedDirection;
}

/**
 * Exit price of a stop hit inside the bar, NaN if not hit. `open`, `high`, `low` are of the exit side: bid for a
 * long (direction 1), ask for a short.
 */
export function stopLossFillPrice(direction: Side, stopPrice: number, open: number, high: number, low: number, slippagePrice: number): number {
  if (direction === 1) return low <= stopPrice ? Math.min(stopPrice, open) - slippagePrice : Number.NaN;
  return high >= stopPrice ? Math.max(stopPrice, open) + slippagePrice : Number.NaN;
}

/** Exit price of a take-profit (a limit order: no slippage) hit inside the bar, NaN if not hit; exit-side prices. */
export function takeProfitFillPrice(direction: Side, takeProfitPrice: number, open: number, high: number, low: number): number {
  if (direction === 1) return high >= takeProfitPrice ? Math.max(takeProfitPrice, open) : Number.NaN;
  return low <= takeProfitPrice ? Math.min(takeProfitPrice, open) : Number.NaN;
}
