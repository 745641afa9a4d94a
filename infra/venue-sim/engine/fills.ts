import { type SimInstrumentName, knownSimInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';
import * as format from '../wire/format';
import { renderClientPrice } from '../wire/render-price';
import type { AccountRecord, ClientExtensions, TradeRecord, WireObject, WireOrder } from './account-state';
import { quoteToUsd } from './conversion';
import { cancelOrder } from './order-lifecycle';
import { sideTotals } from './position-totals';
import type { TransactionBatch } from './transactions';
import { openTrades, valueAccount } from './valuation';

export type FillReason =
  | 'MARKET_ORDER' | 'LIMIT_ORDER' | 'TAKE_PROFIT_ORDER' | 'STOP_LOSS_ORDER'
  | 'MARKET_ORDER_TRADE_CLOSE' | 'MARKET_ORDER_POSITION_CLOSEOUT';

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

interface OnFillDetails {
  price?: string;
  distance?: string;
  timeInForce?: string;
  gtdTime?: string;
  clientExtensions?: ClientExtensions;
}

/**
 * Fills an order at the current bid/ask: closes or reduces opposite trades (FIFO, or the one trade named), opens a
 * trade with what is left, books realized P/L, cancels orders linked to closed trades and creates the
 * take-profit/stop-loss orders requested on fill. Cancels the order instead when margin, price bound or on-fill
 * prices do not allow the fill.
 */
export function fillOrder(path: PricePath, account: AccountRecord, batch: TransactionBatch, request: FillRequest): FillOutcome {
  const { order, instrument, units } = request;
  const timeMs = batch.timeMs;
  const spec = knownSimInstrument(instrument);
  const quote = quoteAt(path, instrument, timeMs);
  const fillPrice = units > 0 ? quote.ask : quote.bid;
  const usdPerQuote = quoteToUsd(path, instrument, timeMs);

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
    const marginPerUnitUsd = quote.mid * usdPerQuote * spec.marginRate;
    const releasedUsd = reductions.reduce((sum, r) => sum + Math.abs(r.units), 0) * marginPerUnitUsd;
    const marginAfterUsd = valuation.marginUsedUsd - releasedUsd + Math.abs(openingUnits) * marginPerUnitUsd;
    if (marginAfterUsd > valuation.navUsd) return { cancel: cancelOrder(batch, order, 'INSUFFICIENT_MARGIN') };
  }

  const fillId = batch.nextId;
  const halfSpreadUsdPerUnit = ((quote.ask - quote.bid) / 2) * usdPerQuote;
  const tradesClosed: WireObject[] = [];
  let tradeReduced: WireObject | undefined;
  let realizedUsd = 0;
  for (const { trade, units: closedUnits } of reductions) {
    const plUsd = Number(format.money((fillPrice - trade.openPrice) * -closedUnits * usdPerQuote));
    realizedUsd += plUsd;
    trade.currentUnits += closedUnits;
    trade.realizedPlUsd += plUsd;
    trade.closedNotionalQuote += Math.abs(closedUnits) * fillPrice;
    trade.closedUnits += Math.abs(closedUnits);
    trade.closingTransactionIds.push(fillId);
    if (trade.currentUnits === 0) trade.closeTimeMs = timeMs;
    sideTotals(account, instrument, trade.initialUnits > 0).plUsd += plUsd;
    const reduce = {
      tradeID: format.id(trade.id),
      units: format.units(closedUnits),
      price: format.price(fillPrice, spec.displayPrecision),
      realizedPL: format.money(plUsd),
      financing: format.money(0),
      guaranteedExecutionFee: format.money(0),
      halfSpreadCost: format.money(Math.abs(closedUnits) * halfSpreadUsdPerUnit),
    };
    if (trade.currentUnits === 0) tradesClosed.push(reduce);
    else tradeReduced = reduce;
  }
  account.balanceUsd = Number(format.money(account.balanceUsd + realizedUsd));
  account.plUsd = Number(format.money(account.plUsd + realizedUsd));

  let opened: TradeRecord | undefined;
  if (openingUnits !== 0) {
    opened = {
      id: fillId,
      instrument,
      openPrice: fillPrice,
      openTimeMs: timeMs,
      initialUnits: openingUnits,
      currentUnits: openingUnits,
      initialMarginRequiredUsd: Math.abs(openingUnits) * quote.mid * usdPerQuote * spec.marginRate,
      realizedPlUsd: 0,
      financingUsd: 0,
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
    fullPrice: renderClientPrice(quote, usdPerQuote),
    reason: request.reason,
    pl: format.money(realizedUsd),
    financing: format.money(0),
    commission: format.money(0),
    guaranteedExecutionFee: format.money(0),
    accountBalance: format.money(account.balanceUsd),
    gainQuoteHomeConversionFactor: usdPerQuote.toFixed(8),
    lossQuoteHomeConversionFactor: usdPerQuote.toFixed(8),
    halfSpreadCost: format.money(Math.abs(units) * halfSpreadUsdPerUnit),
    ...(opened ? { tradeOpened: {
      tradeID: format.id(opened.id),
      units: format.units(opened.initialUnits),
      price: format.price(fillPrice, spec.displayPrecision),
      guaranteedExecutionFee: format.money(0),
      halfSpreadCost: format.money(Math.abs(opened.initialUnits) * halfSpreadUsdPerUnit),
      initialMarginRequired: format.money(opened.initialMarginRequiredUsd),
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
    for (const linkedId of [trade.takeProfitOrderId, trade.stopLossOrderId]) {
      const linked = account.orders.find((o) => o.id === String(linkedId));
      if (linked && linked.state === 'PENDING' && linked !== order) cancelOrder(batch, linked, 'LINKED_TRADE_CLOSED');
    }
  }
  if (opened) createOnFillOrders(account, batch, order, opened, fill);
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

function createOnFillOrders(account: AccountRecord, batch: TransactionBatch, order: WireOrder, trade: TradeRecord, fill: WireObject): void {
  const precision = knownSimInstrument(trade.instrument).displayPrecision;
  const fillPrice = Number(fill.price);
  const kinds = [
    { type: 'TAKE_PROFIT' as const, details: order.takeProfitOnFill as OnFillDetails | undefined },
    { type: 'STOP_LOSS' as const, details: order.stopLossOnFill as OnFillDetails | undefined },
  ];
  for (const { type, details } of kinds) {
    if (!details) continue;
    const priceValue = type === 'STOP_LOSS' ? stopLossPrice(details, fillPrice, trade.currentUnits > 0)! : Number(details.price);
    const fields = {
      tradeID: format.id(trade.id),
      ...(trade.clientExtensions?.id ? { clientTradeID: trade.clientExtensions.id } : {}),
      price: format.price(priceValue, precision),
      ...(details.distance !== undefined ? { distance: details.distance } : {}),
      timeInForce: details.timeInForce ?? 'GTC',
      ...(details.gtdTime ? { gtdTime: details.gtdTime } : {}),
      triggerCondition: 'DEFAULT',
      ...(details.clientExtensions ? { clientExtensions: details.clientExtensions } : {}),
    };
    const transaction = batch.add(`${type}_ORDER`, { ...fields, reason: 'ON_FILL', orderFillTransactionID: fill.id });
    account.orders.push({ id: transaction.id as string, createTime: format.time(batch.timeMs), type, state: 'PENDING', ...fields });
    if (type === 'TAKE_PROFIT') trade.takeProfitOrderId = Number(transaction.id);
    else trade.stopLossOrderId = Number(transaction.id);
  }
}
