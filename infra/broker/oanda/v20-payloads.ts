/**
 * OANDA v20 wire shapes, as in OANDA's published spec (v20.json): decimals are strings, times are RFC3339
 * strings. Only the fields this adapter reads are declared. Nothing outside infra/broker/oanda sees these types.
 */

export interface V20ClientExtensions {
  id?: string;
  tag?: string;
  comment?: string;
}

export interface V20AccountSummary {
  id: string;
  currency: string;
  balance: string;
  NAV: string;
  marginUsed: string;
  marginAvailable: string;
  unrealizedPL: string;
  /** Realized over the account's lifetime. */
  pl: string;
  openTradeCount: number;
  openPositionCount: number;
  pendingOrderCount: number;
  lastTransactionID: string;
}

export interface V20PositionSide {
  units: string;
  averagePrice?: string;
  tradeIDs?: string[];
  pl: string;
  unrealizedPL: string;
}

export interface V20Position {
  instrument: string;
  pl: string;
  unrealizedPL: string;
  long: V20PositionSide;
  short: V20PositionSide;
}

export interface V20Trade {
  id: string;
  instrument: string;
  price: string;
  openTime: string;
  initialUnits: string;
  currentUnits: string;
  realizedPL: string;
  unrealizedPL?: string;
  clientExtensions?: V20ClientExtensions;
  /** A full Trade (as openTrades returns) carries its dependent orders inline... */
  takeProfitOrder?: { id: string };
  stopLossOrder?: { id: string };
  /** ...a TradeSummary names them by id. */
  takeProfitOrderID?: string;
  stopLossOrderID?: string;
}

export interface V20Order {
  id: string;
  type: string;
  state: 'PENDING' | 'FILLED' | 'TRIGGERED' | 'CANCELLED';
  createTime: string;
  instrument?: string;
  units?: string;
  price?: string;
  timeInForce?: string;
  tradeID?: string;
  clientExtensions?: V20ClientExtensions;
  fillingTransactionID?: string;
  cancellingTransactionID?: string;
  tradeOpenedID?: string;
}

export interface V20PriceBucket {
  price: string;
  liquidity?: number;
}

export interface V20ClientPrice {
  type?: 'PRICE';
  instrument: string;
  time: string;
  tradeable?: boolean;
  bids: V20PriceBucket[];
  asks: V20PriceBucket[];
  closeoutBid?: string;
  closeoutAsk?: string;
}

export interface V20PricingHeartbeat {
  type: 'HEARTBEAT';
  time: string;
}

export interface V20CandlestickData {
  o: string;
  h: string;
  l: string;
  c: string;
}

export interface V20Candlestick {
  time: string;
  volume: number;
  complete: boolean;
  mid?: V20CandlestickData;
  bid?: V20CandlestickData;
  ask?: V20CandlestickData;
}

export interface V20TradeOpen {
  tradeID: string;
  units: string;
  price?: string;
}

export interface V20TradeReduce {
  tradeID: string;
  units: string;
  realizedPL?: string;
}

/** Every transaction type shares these fields; the optional ones appear on the types that carry them. */
export interface V20Transaction {
  id: string;
  type: string;
  time: string;
  orderID?: string;
  clientOrderID?: string;
  clientExtensions?: V20ClientExtensions;
  instrument?: string;
  units?: string;
  price?: string;
  reason?: string;
  rejectReason?: string;
  pl?: string;
  tradeOpened?: V20TradeOpen;
  tradesClosed?: V20TradeReduce[];
  tradeReduced?: V20TradeReduce;
}

export interface V20AccountSummaryResponse {
  account: V20AccountSummary;
  lastTransactionID: string;
}

export interface V20OpenPositionsResponse {
  positions: V20Position[];
  lastTransactionID: string;
}

export interface V20OpenTradesResponse {
  trades: V20Trade[];
  lastTransactionID: string;
}

export interface V20TradeResponse {
  trade: V20Trade;
  lastTransactionID: string;
}

export interface V20OrdersResponse {
  orders: V20Order[];
  lastTransactionID: string;
}

export interface V20OrderResponse {
  order: V20Order;
  lastTransactionID: string;
}

export interface V20PricingResponse {
  prices: V20ClientPrice[];
}

export interface V20CandlesResponse {
  instrument: string;
  granularity: string;
  candles: V20Candlestick[];
}

export interface V20OrderCreateResponse {
  orderCreateTransaction?: V20Transaction;
  orderFillTransaction?: V20Transaction;
  orderCancelTransaction?: V20Transaction;
  orderRejectTransaction?: V20Transaction;
  relatedTransactionIDs?: string[];
  lastTransactionID?: string;
}

export interface V20OrderCancelResponse {
  orderCancelTransaction: V20Transaction;
  relatedTransactionIDs?: string[];
  lastTransactionID: string;
}

export interface V20PositionCloseResponse {
  longOrderCreateTransaction?: V20Transaction;
  longOrderFillTransaction?: V20Transaction;
  longOrderCancelTransaction?: V20Transaction;
  shortOrderCreateTransaction?: V20Transaction;
  shortOrderFillTransaction?: V20Transaction;
  shortOrderCancelTransaction?: V20Transaction;
  relatedTransactionIDs?: string[];
  lastTransactionID: string;
}

export interface V20TransactionsResponse {
  transactions: V20Transaction[];
  lastTransactionID: string;
}

export interface V20TransactionResponse {
  transaction: V20Transaction;
  lastTransactionID: string;
}

/** The body of a 4xx/5xx answer: an errorMessage, sometimes an errorCode, and for order endpoints a reject transaction. */
export interface V20ErrorBody {
  errorCode?: string;
  errorMessage?: string;
  [rejectTransaction: string]: unknown;
}
