/** The subset of the venue's transaction log that reconciliation needs. */
import type { InstrumentName } from '../market';

/** A trade a fill closed (wholly or in part), with the P/L realized on it in the account currency. */
export interface TradeReduction {
  tradeId: string;
  /** Signed units closed: negative when a long trade was reduced. */
  units: number;
  realizedPl: number;
}

export interface BrokerTransaction {
  transactionId: string;
  /** The venue's transaction type, e.g. MARKET_ORDER, ORDER_FILL, ORDER_CANCEL. */
  type: string;
  timeMs: number;
  orderId?: string;
  clientOrderId?: string;
  instrument?: InstrumentName;
  units?: number;
  priceQuote?: number;
  /** Cancel or reject reason, e.g. INSUFFICIENT_MARGIN. */
  reason?: string;
  tradeOpenedId?: string;
  /** The trades an ORDER_FILL closed or reduced: how the fill's realized P/L splits over the trades. */
  tradesClosed?: TradeReduction[];
  realizedPl?: number;
}

export interface TransactionsPage {
  transactions: BrokerTransaction[];
  lastTransactionId: string;
}
