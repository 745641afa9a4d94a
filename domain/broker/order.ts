/**
 * Orders as the product asks for them (OrderRequest) and as the broker reports them (Order, OrderResult).
 * Units are signed: positive buys, negative sells.
 */
import type { InstrumentName } from '../market';
import type { BrokerTransaction } from './transaction';

/** A stop-loss attached to the trade an order opens: an absolute price or a distance from the fill price. */
export type ProtectiveLevel = { priceQuote: number } | { distanceQuote: number };

/** A take-profit is a price only: OANDA's v20 TakeProfitDetails has no distance field. */
export interface TakeProfitLevel {
  priceQuote: number;
}

interface OrderRequestBase {
  /** Required: the idempotency key. The same id always means the same order; a retry never places a second one. */
  clientOrderId: string;
  instrument: InstrumentName;
  units: number;
  stopLossOnFill?: ProtectiveLevel;
  takeProfitOnFill?: TakeProfitLevel;
  /** Free text kept with the order at the venue (e.g. the workflow id). */
  clientComment?: string;
}

export interface MarketOrderRequest extends OrderRequestBase {
  type: 'MARKET';
  timeInForce?: 'FOK' | 'IOC';
  /** Worst acceptable fill price; the venue cancels the order rather than fill beyond it. */
  priceBoundQuote?: number;
}

export interface LimitOrderRequest extends OrderRequestBase {
  type: 'LIMIT';
  priceQuote: number;
  timeInForce?: 'GTC' | 'GTD' | 'GFD' | 'FOK' | 'IOC';
  /** Required when timeInForce is GTD. */
  gtdTimeMs?: number;
}

export type OrderRequest = MarketOrderRequest | LimitOrderRequest;

export type OrderState = 'PENDING' | 'FILLED' | 'TRIGGERED' | 'CANCELLED';

/** An order at the venue, of any type (including the stop-loss and take-profit orders attached to trades). */
export interface Order {
  orderId: string;
  clientOrderId?: string;
  /** The venue's order type, e.g. MARKET, LIMIT, STOP_LOSS, TAKE_PROFIT. */
  type: string;
  state: OrderState;
  /** Absent for orders attached to a trade (they name tradeId instead). */
  instrument?: InstrumentName;
  units?: number;
  priceQuote?: number;
  timeInForce?: string;
  tradeId?: string;
  createTimeMs: number;
  fillingTransactionId?: string;
  cancellingTransactionId?: string;
  tradeOpenedId?: string;
}

export interface OrderResult {
  orderId: string;
  clientOrderId: string;
  state: OrderState;
  /** Signed units filled; 0 while pending. */
  filledUnits: number;
  fillPriceQuote?: number;
  tradeOpenedId?: string;
  tradeIdsClosed: string[];
  /** The venue transactions that created and (if it happened at once) filled the order. */
  transactionIds: string[];
  /** True when the order was found at the venue (placed by an earlier attempt, or by this one whose answer was lost). */
  existing: boolean;
}

/** An order is named by the venue's id or by the client order id it was placed with. */
export type OrderRef = { orderId: string } | { clientOrderId: string };

export interface CancelOrderResult {
  orderId: string;
  cancelTransactionId: string;
}

/**
 * 'ALL' closes a whole side (both sides when both are named); closing all twice is harmless, so it needs no id. A
 * number of units closes part of one side and, since a repeat would close more, carries the idempotency key and the
 * lastTransactionId read before the first attempt, exactly as placeOrder does. Units are positive magnitudes.
 */
export type ClosePositionRequest = CloseAllRequest | ClosePartRequest;

export interface CloseAllRequest {
  instrument: InstrumentName;
  longUnits?: 'ALL';
  shortUnits?: 'ALL';
  /** Set on the closing order (one side only), so the close can be found and recorded as an order of its own. */
  clientOrderId?: string;
}

export type ClosePartRequest = {
  instrument: InstrumentName;
  clientOrderId: string;
  lastKnownTransactionId: string;
} & ({ longUnits: number; shortUnits?: undefined } | { shortUnits: number; longUnits?: undefined });

export interface ClosePositionResult {
  instrument: InstrumentName;
  /** Signed units that the closing fills traded (negative when a long side was closed). */
  closedUnits: number;
  realizedPl: number;
  transactionIds: string[];
  /** The closing fills as transactions (absent when the side was already flat): what the fills table records. */
  fills: BrokerTransaction[];
}
