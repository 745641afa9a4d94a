/**
 * The one interface every venue adapter implements. Every method either returns domain values (numbers, epoch
 * milliseconds, signed units) or throws a BrokerError.
 */
import type { Candle, Granularity, InstrumentName, Quote } from '../market';
import type { AccountSummary, Position, Trade } from './account';
import type {
  CancelOrderResult,
  ClosePositionRequest,
  ClosePositionResult,
  Order,
  OrderRef,
  OrderRequest,
  OrderResult,
} from './order';
import type { PriceStreamEvent, PriceStreamOptions } from './price-stream';
import type { TransactionsPage } from './transaction';

export type CandleComponent = 'mid' | 'bid' | 'ask';

/** Either the latest `count` candles (up to `toMs` when given), or every candle in [fromMs, toMs]; not count with both. */
export interface CandleRequest {
  instrument: InstrumentName;
  granularity: Granularity;
  count?: number;
  fromMs?: number;
  toMs?: number;
  /** Defaults to ['mid']. */
  components?: CandleComponent[];
}

export interface PlaceOrderOptions {
  /**
   * The account's lastTransactionId, read before the first attempt and passed unchanged on every retry: the
   * transactions since it are searched for this client order id before anything is placed, because OANDA neither
   * refuses a second MARKET order with the client id of a filled one nor always finds a just-filled order by it.
   */
  lastKnownTransactionId: string;
  /** Aborting (e.g. on activity cancellation) stops the call at its next request; the outcome is then unknown. */
  signal?: AbortSignal;
}

export interface LookUpOrderOptions {
  /** The lastKnownTransactionId the placement was made with: the transactions since are searched too. Absent: by client id only. */
  lastKnownTransactionId?: string;
  signal?: AbortSignal;
}

export interface ClosePositionOptions {
  signal?: AbortSignal;
}

export interface Broker {
  readonly accountId: string;
  accountSummary(): Promise<AccountSummary>;
  openPositions(): Promise<Position[]>;
  openTrades(): Promise<Trade[]>;
  pendingOrders(): Promise<Order[]>;
  prices(instruments: InstrumentName[]): Promise<Quote[]>;
  candles(request: CandleRequest): Promise<Candle[]>;
  /**
   * Places the order unless the venue already holds one with the same clientOrderId, in which case that order is
   * returned with `existing: true`. Safe to call again after any failure, one attempt at a time (calls with the same
   * id in one process are queued; across processes, an attempt must have ended before the next begins). An order
   * the venue rejected or cancelled throws the BrokerError for its reason, the first time and on every retry. An
   * order found under this id that differs from the request throws CLIENT_ORDER_ID_MISMATCH.
   */
  placeOrder(request: OrderRequest, options: PlaceOrderOptions): Promise<OrderResult>;
  /**
   * What an earlier placement with this client id left at the venue, found as placeOrder finds it (by id, then in the
   * transactions since the last known one), answered as placeOrder would have (a rejected or cancelled order throws
   * its BrokerError), or undefined when the venue never received it. Never places anything: after a halt, an order
   * whose outcome is unknown is only looked up.
   */
  lookUpOrder(clientOrderId: string, options: LookUpOrderOptions): Promise<OrderResult | undefined>;
  /** The order placed with this client id, in any state, or undefined when the venue has none. */
  findOrderByClientId(clientOrderId: string): Promise<Order | undefined>;
  /** Cancelling an order that is already cancelled succeeds (a retry is safe); one that filled throws ORDER_ALREADY_FILLED. */
  cancelOrder(order: OrderRef): Promise<CancelOrderResult>;
  /**
   * Closing 'ALL' of a single side that is already flat succeeds with closedUnits 0, so a retry is safe. A partial
   * close (a number of units) is idempotent by its clientOrderId, like placeOrder.
   */
  closePosition(request: ClosePositionRequest, options?: ClosePositionOptions): Promise<ClosePositionResult>;
  /** One page (OANDA bounds each answer): ask again from the last transaction received while it is below lastTransactionId. */
  transactionsSince(transactionId: string): Promise<TransactionsPage>;
  /** Quotes and heartbeats until the signal aborts; reconnects by itself and says so with 'reconnect' events. */
  streamPrices(instruments: InstrumentName[], options?: PriceStreamOptions): AsyncIterable<PriceStreamEvent>;
}
