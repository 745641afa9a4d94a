import type { Position, Trade } from './account';
import type { Order } from './order';

/** An open trade with the prices of the stop-loss and take-profit orders attached to it (null: none). */
export interface OpenTradeView extends Trade {
  stopLossPrice: number | null;
  takeProfitPrice: number | null;
}

/** A position with the stops of its open trades: one price when they agree, null when none has one, 'mixed' otherwise. */
export interface PositionView extends Position {
  stopLossPrice: number | 'mixed' | null;
  takeProfitPrice: number | 'mixed' | null;
}

export interface OpenBook {
  positions: PositionView[];
  trades: OpenTradeView[];
  /** Orders waiting at the venue that belong to no trade (entry orders); stops and targets are shown on their trades. */
  pendingOrders: Order[];
}

/** The account's open positions and trades with their stops and targets, read from the venue's pending orders. */
export function openBook(positions: readonly Position[], trades: readonly Trade[], pending: readonly Order[]): OpenBook {
  const priceOf = (orderId: string | undefined) => (orderId === undefined ? null : pending.find((order) => order.orderId === orderId)?.priceQuote ?? null);
  const tradeViews = trades.map((trade) => ({ ...trade, stopLossPrice: priceOf(trade.stopLossOrderId), takeProfitPrice: priceOf(trade.takeProfitOrderId) }));
  const common = (prices: Array<number | null>): number | 'mixed' | null => {
    const set = new Set(prices.filter((price) => price !== null));
    if (set.size === 0) return null;
    return set.size === 1 && !prices.includes(null) ? [...set][0]! : 'mixed';
  };
  return {
    positions: positions.map((position) => {
      const own = tradeViews.filter((trade) => trade.instrument === position.instrument);
      return { ...position, stopLossPrice: common(own.map((trade) => trade.stopLossPrice)), takeProfitPrice: common(own.map((trade) => trade.takeProfitPrice)) };
    }),
    trades: tradeViews,
    pendingOrders: pending.filter((order) => order.tradeId === undefined),
  };
}
