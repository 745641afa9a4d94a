/** v20 account, position and trade payloads → domain values. */
import type { AccountSummary, Position, PositionSide, Trade } from '../../../domain/broker';
import { decimal, optionalDecimal, timeMs } from './parse';
import type { V20AccountSummary, V20Position, V20PositionSide, V20Trade } from './v20-payloads';

export function toAccountSummary(raw: V20AccountSummary): AccountSummary {
  return {
    accountId: raw.id,
    currency: raw.currency,
    balance: decimal(raw.balance, 'account.balance'),
    nav: decimal(raw.NAV, 'account.NAV'),
    marginUsed: decimal(raw.marginUsed, 'account.marginUsed'),
    marginAvailable: decimal(raw.marginAvailable, 'account.marginAvailable'),
    unrealizedPl: decimal(raw.unrealizedPL, 'account.unrealizedPL'),
    realizedPl: decimal(raw.pl, 'account.pl'),
    openTradeCount: raw.openTradeCount,
    openPositionCount: raw.openPositionCount,
    pendingOrderCount: raw.pendingOrderCount,
    lastTransactionId: raw.lastTransactionID,
  };
}

export function toPosition(raw: V20Position): Position {
  const field = `position ${raw.instrument}`;
  const long = toPositionSide(raw.long, `${field} long`);
  const short = toPositionSide(raw.short, `${field} short`);
  return {
    instrument: raw.instrument,
    long,
    short,
    netUnits: long.units + short.units,
    unrealizedPl: decimal(raw.unrealizedPL, `${field} unrealizedPL`),
    realizedPl: decimal(raw.pl, `${field} pl`),
  };
}

function toPositionSide(raw: V20PositionSide, field: string): PositionSide {
  const units = decimal(raw.units, `${field} units`);
  return {
    units,
    averagePriceQuote: units === 0 ? undefined : optionalDecimal(raw.averagePrice, `${field} averagePrice`),
    unrealizedPl: decimal(raw.unrealizedPL, `${field} unrealizedPL`),
    tradeIds: raw.tradeIDs ?? [],
  };
}

export function toTrade(raw: V20Trade): Trade {
  const field = `trade ${raw.id}`;
  return {
    tradeId: raw.id,
    instrument: raw.instrument,
    initialUnits: decimal(raw.initialUnits, `${field} initialUnits`),
    currentUnits: decimal(raw.currentUnits, `${field} currentUnits`),
    openPriceQuote: decimal(raw.price, `${field} price`),
    openTimeMs: timeMs(raw.openTime, `${field} openTime`),
    unrealizedPl: optionalDecimal(raw.unrealizedPL, `${field} unrealizedPL`) ?? 0,
    realizedPl: decimal(raw.realizedPL, `${field} realizedPL`),
    clientTradeId: raw.clientExtensions?.id,
    stopLossOrderId: raw.stopLossOrder?.id ?? raw.stopLossOrderID,
    takeProfitOrderId: raw.takeProfitOrder?.id ?? raw.takeProfitOrderID,
  };
}
