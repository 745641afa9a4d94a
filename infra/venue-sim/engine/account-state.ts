import type { SimInstrumentName } from '../market/instruments';

/** A v20 object exactly as it goes on the wire (string decimals, string ids). */
export type WireObject = Record<string, unknown>;

export interface ClientExtensions {
  id?: string;
  tag?: string;
  comment?: string;
}

/** An order as v20 renders it; kept in wire form because nothing about an order changes with the price. */
export interface WireOrder extends WireObject {
  id: string;
  type: 'MARKET' | 'LIMIT' | 'STOP' | 'MARKET_IF_TOUCHED' | 'TAKE_PROFIT' | 'STOP_LOSS' | 'TRAILING_STOP_LOSS';
  state: 'PENDING' | 'FILLED' | 'TRIGGERED' | 'CANCELLED';
  createTime: string;
  clientExtensions?: ClientExtensions;
}

export interface TradeRecord {
  id: number;
  instrument: SimInstrumentName;
  openPrice: number;
  openTimeMs: number;
  initialUnits: number;
  currentUnits: number;
  initialMarginRequiredHome: number;
  realizedPlHome: number;
  financingHome: number;
  /** Σ closed units × close price, for averageClosePrice. */
  closedNotionalQuote: number;
  closedUnits: number;
  closingTransactionIds: number[];
  closeTimeMs?: number;
  clientExtensions?: ClientExtensions;
  takeProfitOrderId?: number;
  stopLossOrderId?: number;
  trailingStopLossOrderId?: number;
}

export interface PositionSideTotals {
  plHome: number;
  financingHome: number;
}

export interface AccountRecord {
  id: string;
  alias: string;
  /** Set by PATCH /configuration: the margin rate of every trade is at least this (else DEFAULT_ACCOUNT_MARGIN_RATE). */
  marginRate?: number;
  /** The home currency: every amount named …Home is in it. */
  currency: string;
  createdTimeMs: number;
  balanceHome: number;
  plHome: number;
  financingHome: number;
  lastTransactionId: number;
  lastOrderFillTimeMs?: number;
  transactions: WireObject[];
  orders: WireOrder[];
  trades: TradeRecord[];
  /** Realized P/L and financing per instrument and side, for the positions endpoints. */
  positionTotals: Record<SimInstrumentName, { long: PositionSideTotals; short: PositionSideTotals }>;
  /** Pending orders and financing have been evaluated along the price path up to this time. */
  evaluatedUntilMs: number;
}

export interface SimState {
  version: 1;
  seed: number;
  historyStartMs: number;
  accounts: AccountRecord[];
}
