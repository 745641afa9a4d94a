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
   * The last transaction id the caller saw before the first attempt. When the venue cannot find the order by its
   * client id, the transactions since this id are searched too before anything is placed.
   */
  lastKnownTransactionId?: string;
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
   * returned with `existing: true`. Safe to call again after any failure, from any process. An order the venue
   * cancelled (at once, or later) throws the BrokerError for its cancel reason, the first time and on every retry.
   */
  placeOrder(request: OrderRequest, options?: PlaceOrderOptions): Promise<OrderResult>;
  /** The order placed with this client id, in any state, or undefined when the venue has none. */
  findOrderByClientId(clientOrderId: string): Promise<Order | undefined>;
  cancelOrder(order: OrderRef): Promise<CancelOrderResult>;
  /** Closing 'ALL' of a single side that is already flat succeeds with closedUnits 0, so a retry is safe. */
  closePosition(request: ClosePositionRequest): Promise<ClosePositionResult>;
  transactionsSince(transactionId: string): Promise<TransactionsPage>;
  /** Quotes and heartbeats until the signal aborts; reconnects by itself and says so with 'reconnect' events. */
  streamPrices(instruments: InstrumentName[], options?: PriceStreamOptions): AsyncIterable<PriceStreamEvent>;
}
