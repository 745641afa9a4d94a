/** The subset of the venue's transaction log that reconciliation needs. */
import type { InstrumentName } from '../market';

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
  realizedPl?: number;
}

export interface TransactionsPage {
  transactions: BrokerTransaction[];
  lastTransactionId: string;
}
