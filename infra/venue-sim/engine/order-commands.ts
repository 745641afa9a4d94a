import { knownSimInstrument, simInstrument } from '../market/instruments';
import { quoteAt } from '../price/quotes';
import type { PricePath } from '../price/price-path';
import { apiError, ok, type ApiResult } from '../wire/api-result';
import * as format from '../wire/format';
import type { AccountRecord, ClientExtensions, TradeRecord, WireObject, WireOrder } from './account-state';
import { fillOrder, type FillOutcome } from './fills';
import { fillMarketOrder } from './market-depth';
import { cancelOrder, findOrder } from './order-lifecycle';
import { isRejection, validateOrderRequest } from './order-request';
import { entryTriggered, fillEntryOrder } from './time-advance';
import { TransactionBatch } from './transactions';
import { openTrades } from './valuation';

/** What a command needs besides the account: the price path, the time and the request id of this request. */
export interface CommandContext {
  path: PricePath;
  nowMs: number;
  requestId: string;
  /** Units a MARKET order finds at the quoted price; absent: any size fills. */
  liquidityUnits?: number;
}

/**
 * POST /v3/accounts/{id}/orders: 201 with create + fill/cancel, or 400 with a reject transaction. With `replacing`
 * (PUT /orders/{specifier}), that pending order is cancelled as CLIENT_REQUEST_REPLACED in the same batch, before the
 * new one is created, and each names the other.
 */
export function placeOrder(ctx: CommandContext, account: AccountRecord, body: unknown, replacing?: WireOrder): ApiResult {
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const request = validateOrderRequest(account, body, ctx.nowMs, replacing);
  if (isRejection(request)) {
    if (!request.rejectReason) return apiError(400, request.errorMessage);
    const type = (body as { order: { type: string } }).order.type;
    const reject = batch.add(`${type}_ORDER_REJECT`, { ...request.fields, reason: 'CLIENT_ORDER', rejectReason: request.rejectReason });
    return apiError(400, request.errorMessage, request.rejectReason, {
      orderRejectTransaction: reject,
      relatedTransactionIDs: batch.relatedTransactionIDs,
      lastTransactionID: format.id(account.lastTransactionId),
    });
  }
  const response: WireObject = {};
  const replaced = replacing ? { replacesOrderID: replacing.id } : {};
  if (replacing) response.orderCancelTransaction = cancelOrder(batch, replacing, 'CLIENT_REQUEST_REPLACED');
  const create = batch.add(`${request.type}_ORDER`, { ...request.fields, reason: replacing ? 'REPLACEMENT' : 'CLIENT_ORDER', ...replaced });
  if (replacing) replacing.replacedByOrderID = create.id;
  const order: WireOrder = { id: create.id as string, createTime: create.time as string, type: request.type, state: 'PENDING', ...request.fields, ...replaced };
  if (request.type === 'MARKET_IF_TOUCHED') {
    order.initialMarketPrice = format.price(quoteAt(ctx.path, request.instrument, ctx.nowMs).mid, knownSimInstrument(request.instrument).displayPrecision);
  }
  account.orders.push(order);
  response.orderCreateTransaction = create;
  const market = request.type === 'MARKET' ? fillMarketOrder(ctx, account, batch, order, request) : undefined;
  const outcome = market?.outcome ?? (entryTriggered(ctx.path, order, ctx.nowMs) ? fillEntryOrder(ctx.path, account, batch, order) : undefined);
  // v20 names a replacement's own cancel apart from the cancel of the order it replaced.
  if (outcome?.cancel && replacing) response.replacingOrderCancelTransaction = outcome.cancel;
  else if (outcome) Object.assign(response, outcomeFields(outcome, 'order'));
  if (market?.remainderCancel) response.orderCancelTransaction = market.remainderCancel;
  return {
    status: 201,
    body: { ...response, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: format.id(account.lastTransactionId) },
    headers: { Location: `/v3/accounts/${account.id}/orders/${order.id}` },
  };
}

/** PUT /v3/accounts/{id}/orders/{specifier} {order}: a pending entry order replaced by a new one. */
export function replaceOrder(ctx: CommandContext, account: AccountRecord, specifier: string, body: unknown): ApiResult {
  const existing = findOrder(account, specifier);
  if (!existing || existing.state !== 'PENDING' || !REPLACEABLE.includes(existing.type)) {
    const why = !existing ? 'does not exist' : existing.state !== 'PENDING' ? `is ${existing.state}, not PENDING` : `is a ${existing.type} order, which its trade's orders endpoint changes`;
    return apiError(404, `The Order specified ${why} (${specifier})`, 'ORDER_DOESNT_EXIST', { lastTransactionID: format.id(account.lastTransactionId) });
  }
  return placeOrder(ctx, account, body, existing);
}

const REPLACEABLE: readonly string[] = ['LIMIT', 'STOP', 'MARKET_IF_TOUCHED'];

/** PUT /v3/accounts/{id}/orders/{specifier}/cancel: only pending orders can be cancelled. */
export function cancelOrderCommand(ctx: CommandContext, account: AccountRecord, specifier: string): ApiResult {
  const order = findOrder(account, specifier);
  if (!order || order.state !== 'PENDING') {
    const why = order ? `is ${order.state}, not PENDING` : 'does not exist';
    return apiError(404, `The Order specified ${why} (${specifier})`, 'ORDER_DOESNT_EXIST', { lastTransactionID: format.id(account.lastTransactionId) });
  }
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const cancel = cancelOrder(batch, order, 'CLIENT_REQUEST');
  return ok({ orderCancelTransaction: cancel, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: format.id(account.lastTransactionId) });
}

/** `@clientTradeId` can name several trades (the id is free again once its trade closed): the open one wins, else the newest. */
export function findTrade(account: AccountRecord, specifier: string): TradeRecord | undefined {
  if (!specifier.startsWith('@')) return account.trades.find((t) => format.id(t.id) === specifier);
  const named = account.trades.filter((t) => t.clientExtensions?.id === specifier.slice(1));
  return named.find((t) => t.currentUnits !== 0) ?? named.at(-1);
}

/** PUT /v3/accounts/{id}/trades/{specifier}/close with {units: "ALL" | decimal}. */
export function closeTrade(ctx: CommandContext, account: AccountRecord, specifier: string, body: unknown): ApiResult {
  const trade = findTrade(account, specifier);
  if (!trade || trade.currentUnits === 0) {
    return apiError(404, `The Trade specified does not exist or is closed (${specifier})`, 'TRADE_DOESNT_EXIST', { lastTransactionID: format.id(account.lastTransactionId) });
  }
  const requested = (body as { units?: unknown } | undefined)?.units ?? 'ALL';
  const closeUnits = requested === 'ALL' ? Math.abs(trade.currentUnits) : format.parseDecimal(requested);
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const tradeClose = { tradeID: format.id(trade.id), ...(trade.clientExtensions?.id ? { clientTradeID: trade.clientExtensions.id } : {}), units: String(requested) };
  const marketFields = { instrument: trade.instrument, timeInForce: 'FOK', positionFill: 'REDUCE_ONLY', reason: 'TRADE_CLOSE', tradeClose };
  if (closeUnits === undefined || closeUnits <= 0 || closeUnits > Math.abs(trade.currentUnits)) {
    const reason = closeUnits !== undefined && closeUnits > Math.abs(trade.currentUnits) ? 'CLOSE_TRADE_UNITS_EXCEED_TRADE_SIZE' : 'UNITS_INVALID';
    const reject = batch.add('MARKET_ORDER_REJECT', { ...marketFields, units: format.units(-Math.sign(trade.currentUnits) * (closeUnits ?? 0)), rejectReason: reason });
    return apiError(400, `Cannot close ${String(requested)} units of trade ${trade.id} holding ${trade.currentUnits}`, reason, { orderRejectTransaction: reject });
  }
  const units = -Math.sign(trade.currentUnits) * closeUnits;
  const { order, create } = createCloseOrder(batch, account, { ...marketFields, units: format.units(units) });
  const outcome = fillOrder(ctx.path, account, batch, { order, instrument: trade.instrument, units, reason: 'MARKET_ORDER_TRADE_CLOSE', onlyTrade: trade });
  return ok({ orderCreateTransaction: create, ...outcomeFields(outcome, 'order'), relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: format.id(account.lastTransactionId) });
}

/** PUT /v3/accounts/{id}/positions/{instrument}/close with longUnits / shortUnits "ALL" | "NONE" | decimal. */
export function closePosition(ctx: CommandContext, account: AccountRecord, instrument: string, body: unknown): ApiResult {
  const lastTransactionID = (): string => format.id(account.lastTransactionId);
  if (!simInstrument(instrument)) return apiError(404, `Instrument ${instrument} is not tradeable on this account`, 'INSTRUMENT_UNKNOWN');
  const request = (body ?? {}) as { longUnits?: unknown; shortUnits?: unknown; longClientExtensions?: ClientExtensions; shortClientExtensions?: ClientExtensions };
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const response: WireObject = {};
  const sides = [
    { name: 'long', requested: request.longUnits ?? (request.shortUnits === undefined ? 'ALL' : 'NONE'), sign: 1, clientExtensions: request.longClientExtensions },
    { name: 'short', requested: request.shortUnits ?? (request.longUnits === undefined ? 'ALL' : 'NONE'), sign: -1, clientExtensions: request.shortClientExtensions },
  ] as const;
  const held = (sign: number): TradeRecord[] => openTrades(account).filter((t) => t.instrument === instrument && Math.sign(t.currentUnits) === sign);
  const explicit = request.longUnits !== undefined || request.shortUnits !== undefined;
  const plans = sides.filter((s) => s.requested !== 'NONE').map((side) => {
    const sideUnits = Math.abs(held(side.sign).reduce((sum, t) => sum + t.currentUnits, 0));
    const closeUnits = side.requested === 'ALL' ? sideUnits : format.parseDecimal(side.requested);
    const rejectReason = sideUnits === 0 ? 'CLOSEOUT_POSITION_DOESNT_EXIST'
      : closeUnits === undefined || closeUnits <= 0 ? 'UNITS_INVALID'
        : closeUnits > sideUnits ? 'CLOSEOUT_POSITION_UNITS_EXCEED_POSITION_SIZE' : undefined;
    return { ...side, sideUnits, closeUnits: closeUnits ?? 0, rejectReason };
  });
  // Without a body OANDA closes whichever sides are open; a side named explicitly must be closable.
  const invalid = plans.find((p) => p.rejectReason && (explicit || plans.every((q) => q.sideUnits === 0)));
  if (invalid) {
    const reject = batch.add('MARKET_ORDER_REJECT', {
      instrument, units: format.units(-invalid.sign * invalid.closeUnits), timeInForce: 'FOK', positionFill: 'REDUCE_ONLY', reason: 'POSITION_CLOSEOUT',
      [`${invalid.name}PositionCloseout`]: { instrument, units: String(invalid.requested) }, ...clientExtensionsField(invalid.clientExtensions), rejectReason: invalid.rejectReason,
    });
    return apiError(400, `Cannot close ${String(invalid.requested)} units of the ${invalid.name} ${instrument} position holding ${invalid.sideUnits}`, invalid.rejectReason, {
      [`${invalid.name}OrderRejectTransaction`]: reject, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: lastTransactionID(),
    });
  }
  for (const plan of plans.filter((p) => p.sideUnits > 0)) {
    const units = -plan.sign * plan.closeUnits;
    const { order, create } = createCloseOrder(batch, account, {
      instrument, units: format.units(units), timeInForce: 'FOK', positionFill: 'REDUCE_ONLY', reason: 'POSITION_CLOSEOUT',
      [`${plan.name}PositionCloseout`]: { instrument, units: String(plan.requested) }, ...clientExtensionsField(plan.clientExtensions),
    });
    const outcome = fillOrder(ctx.path, account, batch, { order, instrument, units, reason: 'MARKET_ORDER_POSITION_CLOSEOUT' });
    Object.assign(response, { [`${plan.name}OrderCreateTransaction`]: create }, outcomeFields(outcome, `${plan.name}Order`));
  }
  return ok({ ...response, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: lastTransactionID() });
}

function clientExtensionsField(clientExtensions: ClientExtensions | undefined): WireObject {
  return clientExtensions ? { clientExtensions } : {};
}

function createCloseOrder(batch: TransactionBatch, account: AccountRecord, fields: WireObject): { order: WireOrder; create: WireObject } {
  const create = batch.add('MARKET_ORDER', fields);
  const { reason: _reason, ...orderFields } = fields;
  const order: WireOrder = { id: create.id as string, createTime: create.time as string, type: 'MARKET', state: 'PENDING', ...orderFields };
  account.orders.push(order);
  return { order, create };
}

function outcomeFields(outcome: FillOutcome, prefix: string): WireObject {
  return outcome.fill ? { [`${prefix}FillTransaction`]: outcome.fill } : { [`${prefix}CancelTransaction`]: outcome.cancel };
}
