/** The Broker over OANDA's v20 REST API; the same code trades the simulator, practice and live accounts. */
import { BrokerError, isBrokerError } from '../../../domain/broker';
import type {
  AccountSummary,
  Broker,
  CancelOrderResult,
  CandleRequest,
  ClosePartRequest,
  ClosePositionOptions,
  ClosePositionRequest,
  ClosePositionResult,
  LookUpOrderOptions,
  Order,
  OrderRef,
  OrderRequest,
  OrderResult,
  PlaceOrderOptions,
  Position,
  PriceStreamEvent,
  PriceStreamOptions,
  Trade,
  TransactionsPage,
} from '../../../domain/broker';
import type { Candle, InstrumentName, Quote } from '../../../domain/market';
import { rejectionError } from './error-mapping';
import { DEFAULT_PLACEMENT_DEADLINE_MS, DEFAULT_SETTLE_DELAY_MS, IdempotentPlacement } from './idempotent-placement';
import type { PlacementTiming } from './idempotent-placement';
import { findOrder } from './placed-order-search';
import { assertValidClientOrderId, orderRequestBody, sendableUnits } from './order-request-body';
import { decimal, rfc3339 } from './parse';
import { reconnectingPriceStream } from './reconnecting-price-stream';
import type { StreamPacing } from './reconnecting-price-stream';
import { toAccountSummary, toPosition, toTrade } from './translate-account';
import { toCandle, toQuote } from './translate-market';
import { orderResultFromCreate, orderResultFromExisting, toBrokerTransaction, toOrder } from './translate-order';
import type { V20Api } from './v20-api';
import type { V20PositionCloseResponse } from './v20-payloads';

const CANDLE_PRICE_LETTER = { mid: 'M', bid: 'B', ask: 'A' } as const;

const UTC_ALIGNMENT = { dailyAlignment: 0, alignmentTimezone: 'UTC' } as const;

export class OandaBroker implements Broker {
  readonly accountId: string;

  private readonly placement: IdempotentPlacement;

  /** `placementTiming` is for tests that want a shorter deadline or settle delay than production's. */
  constructor(private readonly api: V20Api, private readonly pacing: StreamPacing, placementTiming: Partial<Omit<PlacementTiming, 'sleep'>> = {}) {
    this.accountId = api.accountId;
    this.placement = new IdempotentPlacement(api, {
      settleDelayMs: placementTiming.settleDelayMs ?? DEFAULT_SETTLE_DELAY_MS,
      deadlineMs: placementTiming.deadlineMs ?? DEFAULT_PLACEMENT_DEADLINE_MS,
      sleep: (delayMs, signal) => pacing.sleep(delayMs, signal),
    });
  }

  async accountSummary(): Promise<AccountSummary> {
    return toAccountSummary((await this.api.accountSummary()).account);
  }

  async openPositions(): Promise<Position[]> {
    return (await this.api.openPositions()).positions.map(toPosition);
  }

  async openTrades(): Promise<Trade[]> {
    return (await this.api.openTrades()).trades.map(toTrade);
  }

  async pendingOrders(): Promise<Order[]> {
    return (await this.api.pendingOrders()).orders.map(toOrder);
  }

  async prices(instruments: InstrumentName[]): Promise<Quote[]> {
    return (await this.api.pricing(instruments)).prices.map(toQuote);
  }

  async candles(request: CandleRequest): Promise<Candle[]> {
    const components = request.components ?? ['mid'];
    const response = await this.api.candles(request.instrument, {
      granularity: request.granularity,
      price: components.map((component) => CANDLE_PRICE_LETTER[component]).join(''),
      count: request.count,
      from: request.fromMs === undefined ? undefined : rfc3339(request.fromMs),
      to: request.toMs === undefined ? undefined : rfc3339(request.toMs),
      // The product's bars are aligned to UTC (domain/market.ts granularityMs); OANDA starts H2 and longer candles at
      // 17:00 New York unless asked otherwise.
      ...UTC_ALIGNMENT,
    });
    return response.candles.map((candle) => toCandle(candle, request.instrument));
  }

  /** Idempotent by client order id, with the look-ups and re-check described in idempotent-placement.ts. */
  async placeOrder(request: OrderRequest, options: PlaceOrderOptions): Promise<OrderResult> {
    const operation = `placeOrder ${request.instrument} client id ${request.clientOrderId}`;
    const body = orderRequestBody(request);
    requireLastKnownTransactionId(options.lastKnownTransactionId, operation);
    return this.placement.place({
      operation,
      clientOrderId: request.clientOrderId,
      expected: { type: request.type, instrument: request.instrument, units: Number(body.units) },
      lastKnownTransactionId: options.lastKnownTransactionId,
      signal: options.signal,
      send: async (signal) => {
        const response = await this.api.createOrder(body, operation, signal);
        const cancel = response.orderCancelTransaction;
        if (cancel && !response.orderFillTransaction) throw rejectionError(operation, cancel.reason, 'the venue cancelled the order at once');
        return orderResultFromCreate(request.clientOrderId, response);
      },
      fromFound: (order, fill) => orderResultFromExisting(request.clientOrderId, order, fill),
    });
  }

  async lookUpOrder(clientOrderId: string, options: LookUpOrderOptions): Promise<OrderResult | undefined> {
    const operation = `lookUpOrder client id ${clientOrderId}`;
    assertValidClientOrderId(clientOrderId, operation);
    if (options.lastKnownTransactionId !== undefined) requireLastKnownTransactionId(options.lastKnownTransactionId, operation);
    return this.placement.lookUp({
      operation,
      clientOrderId,
      lastKnownTransactionId: options.lastKnownTransactionId,
      signal: options.signal,
      fromFound: (order, fill) => orderResultFromExisting(clientOrderId, order, fill),
    });
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    assertValidClientOrderId(clientOrderId, `findOrderByClientId ${clientOrderId}`);
    return findOrder(this.api, `@${clientOrderId}`);
  }

  async cancelOrder(order: OrderRef): Promise<CancelOrderResult> {
    const specifier = 'orderId' in order ? order.orderId : `@${order.clientOrderId}`;
    try {
      const cancelled = (await this.api.cancelOrder(specifier)).orderCancelTransaction;
      return { orderId: cancelled.orderID ?? specifier, cancelTransactionId: cancelled.id };
    } catch (error) {
      if (!isBrokerError(error) || error.code !== 'ORDER_NOT_FOUND') throw error;
      return this.alreadyCancelled(specifier, error);
    }
  }

  /**
   * 'ALL' is a plain PUT close: closing a whole side twice leaves it just as flat, so a retry needs no id. A number
   * of units goes through the idempotent placement: the close order carries the client id (long/shortClientExtensions)
   * and a retry finds it instead of closing as much again.
   */
  async closePosition(request: ClosePositionRequest, options: ClosePositionOptions = {}): Promise<ClosePositionResult> {
    const operation = `closePosition ${request.instrument}`;
    if (request.longUnits === undefined && request.shortUnits === undefined) {
      throw new BrokerError('VALIDATION', { operation, brokerMessage: 'name longUnits, shortUnits or both' });
    }
    if (isPartialClose(request)) return this.closePart(request, options);
    const sides = [...(request.longUnits ? ['long'] : []), ...(request.shortUnits ? ['short'] : [])];
    if (request.clientOrderId !== undefined) {
      assertValidClientOrderId(request.clientOrderId, operation);
      if (sides.length !== 1) throw new BrokerError('VALIDATION', { operation, brokerMessage: 'a client order id names the closing order of one side: close one side per request' });
    }
    const body: Record<string, unknown> = Object.fromEntries(sides.map((side) => [`${side}Units`, 'ALL']));
    if (request.clientOrderId !== undefined) body[`${sides[0]}ClientExtensions`] = { id: request.clientOrderId };
    try {
      return closeResult(request.instrument, await this.api.closePosition(request.instrument, body, options.signal), operation);
    } catch (error) {
      if (!closingAlreadyDone(request, error)) throw error;
      return { instrument: request.instrument, closedUnits: 0, realizedPl: 0, transactionIds: [], fills: [] };
    }
  }

  async transactionsSince(transactionId: string): Promise<TransactionsPage> {
    const response = await this.api.transactionsSince(transactionId);
    return { transactions: response.transactions.map(toBrokerTransaction), lastTransactionId: response.lastTransactionID };
  }

  streamPrices(instruments: InstrumentName[], options: PriceStreamOptions = {}): AsyncIterable<PriceStreamEvent> {
    return reconnectingPriceStream((signal) => this.api.openPriceStream(instruments, signal), options, this.pacing);
  }

  /** Releases the keep-alive sockets. */
  close(): void {
    this.api.close();
  }

  private async closePart(request: ClosePartRequest, options: ClosePositionOptions): Promise<ClosePositionResult> {
    const side = request.longUnits !== undefined ? 'long' : 'short';
    const magnitude = request.longUnits ?? request.shortUnits;
    const operation = `closePosition ${request.instrument} ${side} ${magnitude} client id ${request.clientOrderId}`;
    assertValidClientOrderId(request.clientOrderId, operation);
    requireLastKnownTransactionId(request.lastKnownTransactionId, operation);
    if (!(magnitude > 0)) throw new BrokerError('VALIDATION', { operation, brokerMessage: `units to close must be positive, got ${magnitude}` });
    const units = sendableUnits(request.instrument, magnitude, operation);
    const body = { [`${side}Units`]: units, [`${side}ClientExtensions`]: { id: request.clientOrderId } };
    return this.placement.place({
      operation,
      clientOrderId: request.clientOrderId,
      // Closing the long side sells, closing the short side buys.
      expected: { type: 'MARKET', instrument: request.instrument, units: side === 'long' ? -Number(units) : Number(units) },
      lastKnownTransactionId: request.lastKnownTransactionId,
      signal: options.signal,
      send: async (signal) => closeResult(request.instrument, await this.api.closePosition(request.instrument, body, signal), operation),
      fromFound: (order, fill) => ({
        instrument: request.instrument,
        closedUnits: fill ? decimal(fill.units, `fill ${fill.id} units`) : 0,
        realizedPl: fill ? decimal(fill.pl ?? '0', `fill ${fill.id} pl`) : 0,
        transactionIds: [order.orderId, ...(fill ? [fill.id] : [])],
        fills: fill ? [toBrokerTransaction(fill)] : [],
      }),
    });
  }

  /** A cancel whose order is gone: fine if it is cancelled (e.g. this is a retry after a lost answer), not if it filled. */
  private async alreadyCancelled(specifier: string, notFound: BrokerError): Promise<CancelOrderResult> {
    const order = await findOrder(this.api, specifier);
    if (!order) throw notFound;
    if (order.state === 'CANCELLED' && order.cancellingTransactionId) return { orderId: order.orderId, cancelTransactionId: order.cancellingTransactionId };
    if (order.state === 'FILLED') {
      throw new BrokerError('ORDER_ALREADY_FILLED', {
        operation: `cancel order ${specifier}`,
        brokerMessage: `order ${order.orderId} filled (transaction ${order.fillingTransactionId ?? '?'}) before it could be cancelled`,
      });
    }
    throw notFound;
  }
}

function requireLastKnownTransactionId(lastKnownTransactionId: string | undefined, operation: string): void {
  if (typeof lastKnownTransactionId === 'string' && /^\d+$/.test(lastKnownTransactionId)) return;
  throw new BrokerError('VALIDATION', {
    operation,
    brokerMessage: `lastKnownTransactionId must be the account's lastTransactionId read before the first attempt, got ${JSON.stringify(lastKnownTransactionId)}`,
  });
}

function isPartialClose(request: ClosePositionRequest): request is ClosePartRequest {
  return typeof request.longUnits === 'number' || typeof request.shortUnits === 'number';
}

function closeResult(instrument: InstrumentName, response: V20PositionCloseResponse, operation: string): ClosePositionResult {
  for (const cancel of [response.longOrderCancelTransaction, response.shortOrderCancelTransaction]) {
    if (cancel) throw rejectionError(operation, cancel.reason, 'the venue cancelled the closing order');
  }
  const fills = [response.longOrderFillTransaction, response.shortOrderFillTransaction].filter((fill) => fill !== undefined);
  return {
    instrument,
    closedUnits: fills.reduce((sum, fill) => sum + decimal(fill.units, `fill ${fill.id} units`), 0),
    realizedPl: fills.reduce((sum, fill) => sum + decimal(fill.pl ?? '0', `fill ${fill.id} pl`), 0),
    transactionIds: response.relatedTransactionIDs ?? [],
    fills: fills.map(toBrokerTransaction),
  };
}

/**
 * Closing all of one side that is already flat is a success, so a retried close (e.g. after a lost response) does
 * not fail. With both sides named, OANDA's rejection does not say which side is flat, so it stands.
 */
function closingAlreadyDone(request: ClosePositionRequest, error: unknown): boolean {
  const sides = [request.longUnits, request.shortUnits].filter((units) => units !== undefined);
  return sides.length === 1 && sides[0] === 'ALL' && isBrokerError(error) && error.rejectReason === 'CLOSEOUT_POSITION_DOESNT_EXIST';
}
