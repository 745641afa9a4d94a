import { type SimInstrumentName, knownSimInstrument } from '../market/instruments';
import type { AccountRecord, TradeRecord, WireObject } from '../engine/account-state';
import { DEFAULT_ACCOUNT_MARGIN_RATE, openTrades, valueAccount, valueTrade } from '../engine/valuation';
import type { PricePath } from '../price/price-path';
import * as format from './format';

/** Account-level margin rate: the leverage cap of the account (50:1), as OANDA reports it. */

export function renderAccountSummary(path: PricePath, account: AccountRecord, nowMs: number): WireObject {
  const v = valueAccount(path, account, nowMs);
  const positions = new Set(openTrades(account).map((t) => t.instrument));
  const money = format.money;
  return {
    id: account.id,
    alias: account.alias,
    currency: account.currency,
    balance: money(account.balanceHome),
    createdByUserID: 1,
    createdTime: format.time(account.createdTimeMs),
    guaranteedStopLossOrderMode: 'DISABLED',
    pl: money(account.plHome),
    resettablePL: money(account.plHome),
    resettablePLTime: '0',
    financing: money(account.financingHome),
    commission: money(0),
    guaranteedExecutionFees: money(0),
    marginRate: String(account.marginRate ?? DEFAULT_ACCOUNT_MARGIN_RATE),
    openTradeCount: openTrades(account).length,
    openPositionCount: positions.size,
    pendingOrderCount: account.orders.filter((o) => o.state === 'PENDING').length,
    hedgingEnabled: false,
    ...(account.lastOrderFillTimeMs !== undefined ? { lastOrderFillTimestamp: format.time(account.lastOrderFillTimeMs) } : {}),
    unrealizedPL: money(v.unrealizedPlHome),
    NAV: money(v.navHome),
    marginUsed: money(v.marginUsedHome),
    marginAvailable: money(v.marginAvailableHome),
    positionValue: money(v.positionValueHome),
    marginCloseoutUnrealizedPL: money(v.unrealizedPlHome),
    marginCloseoutNAV: money(v.navHome),
    marginCloseoutMarginUsed: money(v.marginUsedHome),
    marginCloseoutPercent: (v.navHome > 0 ? v.marginUsedHome / 2 / v.navHome : 0).toFixed(5),
    marginCloseoutPositionValue: money(v.positionValueHome),
    withdrawalLimit: money(v.marginAvailableHome),
    marginCallMarginUsed: money(v.marginUsedHome),
    marginCallPercent: (v.navHome > 0 ? v.marginUsedHome / v.navHome : 0).toFixed(5),
    lastTransactionID: format.id(account.lastTransactionId),
  };
}

export function renderAccount(path: PricePath, account: AccountRecord, nowMs: number): WireObject {
  return {
    ...renderAccountSummary(path, account, nowMs),
    trades: openTrades(account).map((t) => renderTrade(path, account, t, nowMs, 'summary')),
    positions: positionInstruments(account).map((i) => renderPosition(path, account, i, nowMs)),
    orders: account.orders.filter((o) => o.state === 'PENDING'),
  };
}

/** A v20 Trade, or with `summary` a TradeSummary (dependent orders by id rather than inline). */
export function renderTrade(path: PricePath, account: AccountRecord, trade: TradeRecord, nowMs: number, shape: 'full' | 'summary'): WireObject {
  const precision = knownSimInstrument(trade.instrument).displayPrecision;
  const open = trade.currentUnits !== 0;
  const v = open ? valueTrade(path, account, trade, nowMs) : { unrealizedPlHome: 0, marginUsedHome: 0 };
  const dependents: WireObject = {};
  for (const [key, orderId] of [['takeProfitOrder', trade.takeProfitOrderId], ['stopLossOrder', trade.stopLossOrderId], ['trailingStopLossOrder', trade.trailingStopLossOrderId]] as const) {
    const order = account.orders.find((o) => o.id === String(orderId));
    if (!order || order.state !== 'PENDING') continue;
    if (shape === 'full') dependents[key] = order;
    else dependents[`${key}ID`] = order.id;
  }
  return {
    id: format.id(trade.id),
    instrument: trade.instrument,
    price: format.price(trade.openPrice, precision),
    openTime: format.time(trade.openTimeMs),
    state: open ? 'OPEN' : 'CLOSED',
    initialUnits: format.units(trade.initialUnits),
    initialMarginRequired: format.money(trade.initialMarginRequiredHome),
    currentUnits: format.units(trade.currentUnits),
    realizedPL: format.money(trade.realizedPlHome),
    unrealizedPL: format.money(v.unrealizedPlHome),
    marginUsed: format.money(v.marginUsedHome),
    ...(trade.closedUnits > 0 ? { averageClosePrice: format.price(trade.closedNotionalQuote / trade.closedUnits, precision) } : {}),
    closingTransactionIDs: trade.closingTransactionIds.map(format.id),
    financing: format.money(trade.financingHome),
    ...(trade.closeTimeMs !== undefined ? { closeTime: format.time(trade.closeTimeMs) } : {}),
    ...(trade.clientExtensions ? { clientExtensions: trade.clientExtensions } : {}),
    ...dependents,
  };
}

/** Instruments the account has ever held, as v20's /positions lists them. */
export function positionInstruments(account: AccountRecord): SimInstrumentName[] {
  return [...new Set(account.trades.map((t) => t.instrument))];
}

export function renderPosition(path: PricePath, account: AccountRecord, instrument: SimInstrumentName, nowMs: number): WireObject {
  const precision = knownSimInstrument(instrument).displayPrecision;
  const totals = account.positionTotals[instrument] ?? { long: { plHome: 0, financingHome: 0 }, short: { plHome: 0, financingHome: 0 } };
  const side = (long: boolean): { wire: WireObject; unrealizedPlHome: number; marginUsedHome: number } => {
    const trades = openTrades(account).filter((t) => t.instrument === instrument && t.currentUnits > 0 === long);
    const sideUnits = trades.reduce((sum, t) => sum + t.currentUnits, 0);
    const values = trades.map((t) => valueTrade(path, account, t, nowMs));
    const unrealizedPlHome = values.reduce((sum, x) => sum + x.unrealizedPlHome, 0);
    const marginUsedHome = values.reduce((sum, x) => sum + x.marginUsedHome, 0);
    const sideTotals = long ? totals.long : totals.short;
    const wire: WireObject = {
      units: format.units(sideUnits),
      ...(sideUnits !== 0 ? {
        averagePrice: format.price(trades.reduce((sum, t) => sum + t.openPrice * t.currentUnits, 0) / sideUnits, precision + 1),
        tradeIDs: trades.map((t) => format.id(t.id)),
      } : {}),
      pl: format.money(sideTotals.plHome),
      unrealizedPL: format.money(unrealizedPlHome),
      resettablePL: format.money(sideTotals.plHome),
      financing: format.money(sideTotals.financingHome),
      guaranteedExecutionFees: format.money(0),
    };
    return { wire, unrealizedPlHome, marginUsedHome };
  };
  const long = side(true);
  const short = side(false);
  return {
    instrument,
    pl: format.money(totals.long.plHome + totals.short.plHome),
    unrealizedPL: format.money(long.unrealizedPlHome + short.unrealizedPlHome),
    marginUsed: format.money(long.marginUsedHome + short.marginUsedHome),
    resettablePL: format.money(totals.long.plHome + totals.short.plHome),
    financing: format.money(totals.long.financingHome + totals.short.financingHome),
    commission: format.money(0),
    guaranteedExecutionFees: format.money(0),
    long: long.wire,
    short: short.wire,
  };
}

export function renderInstrument(name: SimInstrumentName): WireObject {
  const spec = knownSimInstrument(name);
  const pip = 10 ** spec.pipLocation;
  return {
    name: spec.name,
    type: spec.type,
    displayName: spec.displayName,
    pipLocation: spec.pipLocation,
    displayPrecision: spec.displayPrecision,
    tradeUnitsPrecision: spec.tradeUnitsPrecision,
    minimumTradeSize: String(spec.minimumTradeSize),
    maximumTrailingStopDistance: format.price(pip * 10_000, spec.displayPrecision),
    minimumTrailingStopDistance: format.price(pip * 5, spec.displayPrecision),
    maximumPositionSize: '0',
    maximumOrderUnits: String(spec.maximumOrderUnits),
    marginRate: String(spec.marginRate),
  };
}
