import { type SimInstrumentName, knownSimInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';
import * as format from '../wire/format';
import { renderClientPrice } from '../wire/render-price';
import type { AccountRecord, ClientExtensions, TradeRecord, WireObject, WireOrder } from './account-state';
import { quoteToHome } from './conversion';
import { cancelOrder } from './order-lifecycle';
import { sideTotals } from './position-totals';
import type { TransactionBatch } from './transactions';
import { marginRateOf, openTrades, valueAccount } from './valuation';

export type FillReason =
  | 'MARKET_ORDER' | 'LIMIT_ORDER' | 'STOP_ORDER' | 'MARKET_IF_TOUCHED_ORDER' | 'TAKE_PROFIT_ORDER' | 'STOP_LOSS_ORDER' | 'TRAILING_STOP_LOSS_ORDER'
  | 'MARKET_ORDER_TRADE_CLOSE' | 'MARKET_ORDER_POSITION_CLOSEOUT' | 'MARKET_ORDER_MARGIN_CLOSEOUT';

export interface FillRequest {
  order: WireOrder;
  instrument: SimInstrumentName;
  /** Signed: positive buys at the ask, negative sells at the bid. */
  units: number;
  reason: FillReason;
  /** Trade-close, take-profit and stop-loss orders reduce this trade only; others net FIFO against the position. */
  onlyTrade?: TradeRecord;
  priceBound?: number;
}

export type FillOutcome = { fill: WireObject; cancel?: undefined } | { cancel: WireObject; fill?: undefined };

export interface OnFillDetails {
  price?: string;
  distance?: string;
  timeInForce?: string;
  gtdTime?: string;
  clientExtensions?: ClientExtensions;
}

/**
 * Fills an order at the current bid/ask: closes or reduces opposite trades (FIFO, or the one trade named), opens a
 * trade with what is left, books realized P/L, cancels orders linked to closed trades and creates the
 * take-profit/stop-loss orders requested on fill. Cancels the order instead when the market is closed (MARKET_HALTED),
 * or when margin, price bound or on-fill prices do not allow the fill.
 */
export function fillOrder(path: PricePath, account: AccountRecord, batch: TransactionBatch, request: FillRequest): FillOutcome {
  const { order, instrument, units } = request;
  const timeMs = batch.timeMs;
  const spec = knownSimInstrument(instrument);
  const quote = quoteAt(path, instrument, timeMs);
  const fillPrice = units > 0 ? quote.ask : quote.bid;
  const homePerQuote = quoteToHome(path, instrument, account.currency, timeMs);

  if (!quote.tradeable) return { cancel: cancelOrder(batch, order, 'MARKET_HALTED') };
  if (request.priceBound !== undefined && (units > 0 ? fillPrice > request.priceBound : fillPrice < request.priceBound)) {
    return { cancel: cancelOrder(batch, order, 'BOUNDS_VIOLATION') };
  }

  const reductions = planReductions(account, request);
  const openingUnits = units - reductions.reduce((sum, r) => sum + r.units, 0);

  if (openingUnits !== 0) {
    const takeProfit = order.takeProfitOnFill as OnFillDetails | undefined;
    const stopLoss = order.stopLossOnFill as OnFillDetails | undefined;
    const long = openingUnits > 0;
    const tpPrice = takeProfit?.price !== undefined ? Number(takeProfit.price) : undefined;
    if (tpPrice !== undefined && (long ? tpPrice <= fillPrice : tpPrice >= fillPrice)) {
      return { cancel: cancelOrder(batch, order, 'TAKE_PROFIT_ON_FILL_LOSS') };
    }
    const slPrice = stopLossPrice(stopLoss, fillPrice, long);
    if (slPrice !== undefined && (long ? slPrice >= fillPrice : slPrice <= fillPrice)) {
      return { cancel: cancelOrder(batch, order, 'STOP_LOSS_ON_FILL_LOSS') };
    }
    const valuation = valueAccount(path, account, timeMs);
    const marginPerUnitHome = quote.mid * homePerQuote * marginRateOf(account, instrument);
    const releasedHome = reductions.reduce((sum, r) => sum + Math.abs(r.units), 0) * marginPerUnitHome;
    const marginAfterHome = valuation.marginUsedHome - releasedHome + Math.abs(openingUnits) * marginPerUnitHome;
    if (marginAfterHome > valuation.navHome) return { cancel: cancelOrder(batch, order, 'INSUFFICIENT_MARGIN') };
  }

  const fillId = batch.nextId;
  const halfSpreadHomePerUnit = ((quote.ask - quote.bid) / 2) * homePerQuote;
  const tradesClosed: WireObject[] = [];
  let tradeReduced: WireObject | undefined;
  let realizedHome = 0;
  for (const { trade, units: closedUnits } of reductions) {
    const plHome = Number(format.money((fillPrice - trade.openPrice) * -closedUnits * homePerQuote));
    realizedHome += plHome;
    trade.currentUnits += closedUnits;
    trade.realizedPlHome += plHome;
    trade.closedNotionalQuote += Math.abs(closedUnits) * fillPrice;
    trade.closedUnits += Math.abs(closedUnits);
    trade.closingTransactionIds.push(fillId);
    if (trade.currentUnits === 0) trade.closeTimeMs = timeMs;
    sideTotals(account, instrument, trade.initialUnits > 0).plHome += plHome;
    const reduce = {
      tradeID: format.id(trade.id),
      units: format.units(closedUnits),
      price: format.price(fillPrice, spec.displayPrecision),
      realizedPL: format.money(plHome),
      financing: format.money(0),
      guaranteedExecutionFee: format.money(0),
      halfSpreadCost: format.money(Math.abs(closedUnits) * halfSpreadHomePerUnit),
    };
    if (trade.currentUnits === 0) tradesClosed.push(reduce);
    else tradeReduced = reduce;
  }
  account.balanceHome = Number(format.money(account.balanceHome + realizedHome));
  account.plHome = Number(format.money(account.plHome + realizedHome));

  let opened: TradeRecord | undefined;
  if (openingUnits !== 0) {
    opened = {
      id: fillId,
      instrument,
      openPrice: fillPrice,
      openTimeMs: timeMs,
      initialUnits: openingUnits,
      currentUnits: openingUnits,
      initialMarginRequiredHome: Math.abs(openingUnits) * quote.mid * homePerQuote * marginRateOf(account, instrument),
      realizedPlHome: 0,
      financingHome: 0,
      closedNotionalQuote: 0,
      closedUnits: 0,
      closingTransactionIds: [],
      ...(order.tradeClientExtensions ? { clientExtensions: order.tradeClientExtensions as ClientExtensions } : {}),
    };
    account.trades.push(opened);
  }

  const fill = batch.add('ORDER_FILL', {
    orderID: order.id,
    ...(order.clientExtensions?.id ? { clientOrderID: order.clientExtensions.id } : {}),
    instrument,
    units: format.units(units),
    price: format.price(fillPrice, spec.displayPrecision),
    fullVWAP: format.price(fillPrice, spec.displayPrecision),
    fullPrice: renderClientPrice(quote, homePerQuote),
    reason: request.reason,
    pl: format.money(realizedHome),
    financing: format.money(0),
    commission: format.money(0),
    guaranteedExecutionFee: format.money(0),
    accountBalance: format.money(account.balanceHome),
    gainQuoteHomeConversionFactor: homePerQuote.toFixed(8),
    lossQuoteHomeConversionFactor: homePerQuote.toFixed(8),
    halfSpreadCost: format.money(Math.abs(units) * halfSpreadHomePerUnit),
    ...(opened ? { tradeOpened: {
      tradeID: format.id(opened.id),
      units: format.units(opened.initialUnits),
      price: format.price(fillPrice, spec.displayPrecision),
      guaranteedExecutionFee: format.money(0),
      halfSpreadCost: format.money(Math.abs(opened.initialUnits) * halfSpreadHomePerUnit),
      initialMarginRequired: format.money(opened.initialMarginRequiredHome),
      ...(opened.clientExtensions ? { clientExtensions: opened.clientExtensions } : {}),
    } } : {}),
    ...(tradesClosed.length > 0 ? { tradesClosed } : {}),
    ...(tradeReduced ? { tradeReduced } : {}),
  });
  account.lastOrderFillTimeMs = timeMs;
  order.state = 'FILLED';
  order.fillingTransactionID = fill.id;
  order.filledTime = format.time(timeMs);
  if (opened) order.tradeOpenedID = format.id(opened.id);
  if (tradeReduced) order.tradeReducedID = tradeReduced.tradeID;
  if (tradesClosed.length > 0) order.tradeClosedIDs = tradesClosed.map((t) => t.tradeID);

  for (const { trade } of reductions) {
    if (trade.currentUnits !== 0) continue;
    for (const linkedId of [trade.takeProfitOrderId, trade.stopLossOrderId, trade.trailingStopLossOrderId]) {
      const linked = account.orders.find((o) => o.id === String(linkedId));
      if (linked && linked.state === 'PENDING' && linked !== order) cancelOrder(batch, linked, 'LINKED_TRADE_CLOSED');
    }
  }
  if (opened) createOnFillOrders(account, batch, order, opened, fill, opened.initialUnits > 0 ? quote.bid : quote.ask);
  return { fill };
}

function planReductions(account: AccountRecord, request: FillRequest): Array<{ trade: TradeRecord; units: number }> {
  const direction = Math.sign(request.units);
  const candidates = request.onlyTrade
    ? [request.onlyTrade]
    : openTrades(account).filter((t) => t.instrument === request.instrument && Math.sign(t.currentUnits) === -direction).sort((a, b) => a.id - b.id);
  const reductions: Array<{ trade: TradeRecord; units: number }> = [];
  let remaining = Math.abs(request.units);
  for (const trade of candidates) {
    if (remaining === 0) break;
    const closable = Math.min(remaining, Math.abs(trade.currentUnits));
    reductions.push({ trade, units: direction * closable });
    remaining -= closable;
  }
  return reductions;
}

function stopLossPrice(details: OnFillDetails | undefined, fillPrice: number, long: boolean): number | undefined {
  if (details?.price !== undefined) return Number(details.price);
  if (details?.distance !== undefined) return long ? fillPrice - Number(details.distance) : fillPrice + Number(details.distance);
  return undefined;
}

function createOnFillOrders(account: AccountRecord, batch: TransactionBatch, order: WireOrder, trade: TradeRecord, fill: WireObject, exitPrice: number): void {
  const kinds = [
    { type: 'TAKE_PROFIT' as const, details: order.takeProfitOnFill as OnFillDetails | undefined },
    { type: 'STOP_LOSS' as const, details: order.stopLossOnFill as OnFillDetails | undefined },
    { type: 'TRAILING_STOP_LOSS' as const, details: order.trailingStopLossOnFill as OnFillDetails | undefined },
  ];
  for (const { type, details } of kinds) {
    if (details) createDependentOrder(account, batch, trade, type, details, { basePrice: Number(fill.price), exitPrice, reason: 'ON_FILL', orderFillTransactionID: fill.id });
  }
}

export type DependentOrderType = 'TAKE_PROFIT' | 'STOP_LOSS' | 'TRAILING_STOP_LOSS';

const LINKED_ORDER_ID = { TAKE_PROFIT: 'takeProfitOrderId', STOP_LOSS: 'stopLossOrderId', TRAILING_STOP_LOSS: 'trailingStopLossOrderId' } as const;

/**
 * A take-profit, stop-loss (by price, or by distance from `basePrice`) or trailing stop-loss order of the trade
 * (`distance` behind `exitPrice`, the price that would close the trade now), recorded and linked to the trade; `how`
 * gives the create transaction's reason and what it refers to.
 */
export function createDependentOrder(
  account: AccountRecord, batch: TransactionBatch, trade: TradeRecord, type: DependentOrderType, details: OnFillDetails,
  { basePrice, exitPrice, ...how }: { basePrice: number; exitPrice: number; reason: string } & WireObject,
): WireObject {
  const precision = knownSimInstrument(trade.instrument).displayPrecision;
  const long = trade.currentUnits > 0;
  const level = type === 'TRAILING_STOP_LOSS'
    ? { distance: format.price(Number(details.distance), precision) }
    : {
      price: format.price(type === 'STOP_LOSS' ? stopLossPrice(details, basePrice, long)! : Number(details.price), precision),
      ...(details.distance !== undefined ? { distance: details.distance } : {}),
    };
  const fields = {
    tradeID: format.id(trade.id),
    ...(trade.clientExtensions?.id ? { clientTradeID: trade.clientExtensions.id } : {}),
    ...level,
    timeInForce: details.timeInForce ?? 'GTC',
    ...(details.gtdTime ? { gtdTime: details.gtdTime } : {}),
    triggerCondition: 'DEFAULT',
    ...(details.clientExtensions ? { clientExtensions: details.clientExtensions } : {}),
  };
  const transaction = batch.add(`${type}_ORDER`, { ...fields, ...how });
  const replaces = typeof how.replacesOrderID === 'string' ? { replacesOrderID: how.replacesOrderID } : {};
  const trailing = type === 'TRAILING_STOP_LOSS' ? { trailingStopValue: format.price(trailingStart(exitPrice, Number(details.distance), long), precision) } : {};
  account.orders.push({ id: transaction.id as string, createTime: format.time(batch.timeMs), type, state: 'PENDING', ...fields, ...trailing, ...replaces });
  trade[LINKED_ORDER_ID[type]] = Number(transaction.id);
  return transaction;
}

/** Where a trailing stop starts: `distance` behind the price that would close the trade (the bid for a long). */
function trailingStart(exitPrice: number, distance: number, long: boolean): number {
  return long ? exitPrice - distance : exitPrice + distance;
}
