/** Account state as the broker reports it. Money is in the account currency; units are signed (long > 0). */
import type { InstrumentName } from '../market';

export interface AccountSummary {
  accountId: string;
  currency: string;
  balance: number;
  /** Net asset value: balance plus unrealized profit/loss. */
  nav: number;
  marginUsed: number;
  marginAvailable: number;
  unrealizedPl: number;
  /** Profit/loss realized over the account's lifetime: the day's realized P/L is its change since the day began. */
  realizedPl: number;
  openTradeCount: number;
  openPositionCount: number;
  pendingOrderCount: number;
  /** Callers keep this to ask for `transactionsSince` later. */
  lastTransactionId: string;
  /** Set when the amounts above were converted to USD from the account's own currency: its figures in that currency. */
  home?: HomeCurrencyFigures;
}

/** The account's own currency, and its balance in USD, as the registry records them. */
export function registryFigures(summary: AccountSummary): { currency: string; balanceUsd: number } {
  return { currency: summary.home?.currency ?? summary.currency, balanceUsd: summary.balance };
}

export interface HomeCurrencyFigures {
  currency: string;
  balance: number;
  nav: number;
  /** Lifetime realized P/L in the home currency: the day's realized P/L is its change, converted at today's rate. */
  realizedPl: number;
  /** The conversion applied: USD per unit of the home currency, at the mid of its USD pair. */
  usdPerUnit: number;
}

export interface PositionSide {
  /** Positive for the long side, negative for the short side, 0 when flat. */
  units: number;
  /** Volume-weighted open price; absent when the side is flat. */
  averagePriceQuote?: number;
  unrealizedPl: number;
  tradeIds: string[];
}

export interface Position {
  instrument: InstrumentName;
  long: PositionSide;
  short: PositionSide;
  /** long.units + short.units. */
  netUnits: number;
  unrealizedPl: number;
  realizedPl: number;
}

export interface Trade {
  tradeId: string;
  instrument: InstrumentName;
  initialUnits: number;
  currentUnits: number;
  openPriceQuote: number;
  openTimeMs: number;
  unrealizedPl: number;
  realizedPl: number;
  /** The trade's client id; the OANDA adapter sets it to the client order id of the order that opened the trade. */
  clientTradeId?: string;
  stopLossOrderId?: string;
  takeProfitOrderId?: string;
}
