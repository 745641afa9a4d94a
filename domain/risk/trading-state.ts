/**
 * The account's trading state, after NautilusTrader: ACTIVE trades freely, REDUCING accepts only orders that shrink
 * a position, HALTED accepts nothing.
 */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

const SEVERITY: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export function moreSevere(a: TradingState, b: TradingState): TradingState {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** Whether an order of the given kind may be placed in `state`. */
export function tradingStateAllows(state: TradingState, reducing: boolean): boolean {
  return state === 'ACTIVE' || (state === 'REDUCING' && reducing);
}

/** An order reduces a position when it trades against it without reversing it. */
export function isPositionReducing(positionUnits: number, orderUnits: number): boolean {
  return positionUnits * orderUnits < 0 && Math.abs(orderUnits) <= Math.abs(positionUnits);
}
