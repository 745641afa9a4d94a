/** v20 orders and transactions → domain orders, order results and transactions. */
import type { BrokerTransaction, Order, OrderResult, TradeReduction } from '../../../domain/broker';
import { decimal, optionalDecimal, timeMs } from './parse';
import type { V20Order, V20OrderCreateResponse, V20TradeReduce, V20Transaction } from './v20-payloads';

export function toOrder(raw: V20Order): Order {
  const field = `order ${raw.id}`;
  return {
    orderId: raw.id,
    clientOrderId: raw.clientExtensions?.id,
    type: raw.type,
    state: raw.state,
    instrument: raw.instrument,
    units: optionalDecimal(raw.units, `${field} units`),
    priceQuote: optionalDecimal(raw.price, `${field} price`),
    timeInForce: raw.timeInForce,
    tradeId: raw.tradeID,
    createTimeMs: timeMs(raw.createTime, `${field} createTime`),
    fillingTransactionId: raw.fillingTransactionID,
    cancellingTransactionId: raw.cancellingTransactionID,
    tradeOpenedId: raw.tradeOpenedID,
  };
}

export function toBrokerTransaction(raw: V20Transaction): BrokerTransaction {
  const field = `transaction ${raw.id}`;
  const reductions = reductionsOf(raw);
  return {
    transactionId: raw.id,
    type: raw.type,
    timeMs: timeMs(raw.time, `${field} time`),
    // An order-creating transaction is the order: its own id is the order id. A reject carries clientExtensions too, but no order exists.
    orderId: raw.orderID ?? (isOrderCreation(raw) ? raw.id : undefined),
    clientOrderId: raw.clientOrderID ?? raw.clientExtensions?.id,
    instrument: raw.instrument,
    units: optionalDecimal(raw.units, `${field} units`),
    priceQuote: optionalDecimal(raw.price, `${field} price`),
    reason: raw.rejectReason ?? raw.reason,
    tradeOpenedId: raw.tradeOpened?.tradeID,
    ...(reductions.length > 0 && { tradesClosed: reductions.map((trade) => tradeReduction(trade, field)) }),
    realizedPl: optionalDecimal(raw.pl, `${field} pl`),
  };
}

/** A fill closes some trades whole (tradesClosed) and at most one in part (tradeReduced). */
function reductionsOf(fill: V20Transaction): V20TradeReduce[] {
  return [...(fill.tradesClosed ?? []), ...(fill.tradeReduced ? [fill.tradeReduced] : [])];
}

function tradeReduction(raw: V20TradeReduce, field: string): TradeReduction {
  const trade = `${field} trade ${raw.tradeID}`;
  return { tradeId: raw.tradeID, units: decimal(raw.units, `${trade} units`), realizedPl: optionalDecimal(raw.realizedPL, `${trade} realizedPL`) ?? 0 };
}

/** The result of a create that the venue accepted (filled at once or left pending). */
export function orderResultFromCreate(clientOrderId: string, response: V20OrderCreateResponse): OrderResult {
  const created = response.orderCreateTransaction;
  if (!created) throw new Error(`OANDA accepted order ${clientOrderId} without an orderCreateTransaction`);
  const fill = response.orderFillTransaction;
  return {
    ...fillDetails(fill),
    orderId: created.id,
    clientOrderId,
    state: fill ? 'FILLED' : 'PENDING',
    transactionIds: response.relatedTransactionIDs ?? [created.id, ...(fill ? [fill.id] : [])],
    existing: false,
  };
}

/** The result for an order a previous attempt placed; `fill` is its filling transaction when it has one. */
export function orderResultFromExisting(clientOrderId: string, order: Order, fill: V20Transaction | undefined): OrderResult {
  return {
    ...fillDetails(fill),
    orderId: order.orderId,
    clientOrderId,
    state: order.state,
    tradeOpenedId: fill?.tradeOpened?.tradeID ?? order.tradeOpenedId,
    transactionIds: [order.orderId, ...(fill ? [fill.id] : [])],
    existing: true,
  };
}

function fillDetails(fill: V20Transaction | undefined): Pick<OrderResult, 'filledUnits' | 'fillPriceQuote' | 'tradeOpenedId' | 'tradeIdsClosed'> {
  if (!fill) return { filledUnits: 0, tradeIdsClosed: [] };
  const field = `fill ${fill.id}`;
  return {
    filledUnits: decimal(fill.units, `${field} units`),
    fillPriceQuote: decimal(fill.price, `${field} price`),
    tradeOpenedId: fill.tradeOpened?.tradeID,
    tradeIdsClosed: reductionsOf(fill).map((trade) => trade.tradeID),
  };
}

/** MARKET_ORDER, LIMIT_ORDER, …: the transaction that created an order carries the order's id as its own. */
export function isOrderCreation(transaction: Pick<V20Transaction, 'type'>): boolean {
  return transaction.type.endsWith('_ORDER');
}
