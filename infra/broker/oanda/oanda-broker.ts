/** The Broker over OANDA's v20 REST API; the same code trades the simulator, practice and live accounts. */
import { BrokerError, isBrokerError } from '../../../domain/broker';
import type {
  AccountSummary,
  Broker,
  CancelOrderResult,
  CandleRequest,
  ClosePositionRequest,
  ClosePositionResult,
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
import { codeForReason } from './error-mapping';
import { assertValidClientOrderId, orderRequestBody } from './order-request-body';
import { decimal, rfc3339, wireUnits } from './parse';
import { reconnectingPriceStream } from './reconnecting-price-stream';
import type { StreamPacing } from './reconnecting-price-stream';
import { toAccountSummary, toPosition, toTrade } from './translate-account';
import { toCandle, toQuote } from './translate-market';
import { orderResultFromCreate, orderResultFromExisting, toBrokerTransaction, toOrder } from './translate-order';
import type { V20Api } from './v20-api';
import type { V20Transaction } from './v20-payloads';

const CANDLE_PRICE_LETTER = { mid: 'M', bid: 'B', ask: 'A' } as const;

export class OandaBroker implements Broker {
  readonly accountId: string;

  constructor(private readonly api: V20Api, private readonly pacing: StreamPacing) {
    this.accountId = api.accountId;
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
    });
    return response.candles.map((candle) => toCandle(candle, request.instrument));
  }

  /**
   * Looks before it places: a previous attempt, in this process or one that died, may already have placed the
   * order, and only the venue knows. The look-up is by client order id, then (when the caller knows where its
   * transaction log ended) by the transactions since then; the venue's CLIENT_ORDER_ID_ALREADY_EXISTS closes the
   * race between two attempts running at once.
   */
  async placeOrder(request: OrderRequest, options: PlaceOrderOptions = {}): Promise<OrderResult> {
    const operation = `placeOrder ${request.instrument} client id ${request.clientOrderId}`;
    const body = orderRequestBody(request);
    const existing = await this.findPlacedOrder(request.clientOrderId, options.lastKnownTransactionId);
    if (existing) return this.resultForExisting(request.clientOrderId, existing);

    let response;
    try {
      response = await this.api.createOrder(body, operation);
    } catch (error) {
      if (!isBrokerError(error) || error.rejectReason !== 'CLIENT_ORDER_ID_ALREADY_EXISTS') throw error;
      const raced = await this.findOrderByClientId(request.clientOrderId);
      if (!raced) throw error;
      return this.resultForExisting(request.clientOrderId, raced);
    }
    const cancel = response.orderCancelTransaction;
    if (cancel && !response.orderFillTransaction) throw rejectionError(operation, cancel.reason, 'the venue cancelled the order at once');
    return orderResultFromCreate(request.clientOrderId, response);
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    assertValidClientOrderId(clientOrderId, `findOrderByClientId ${clientOrderId}`);
    try {
      return toOrder((await this.api.order(`@${clientOrderId}`)).order);
    } catch (error) {
      if (isBrokerError(error) && error.code === 'ORDER_NOT_FOUND') return undefined;
      throw error;
    }
  }

  async cancelOrder(order: OrderRef): Promise<CancelOrderResult> {
    const specifier = 'orderId' in order ? order.orderId : `@${order.clientOrderId}`;
    const cancelled = (await this.api.cancelOrder(specifier)).orderCancelTransaction;
    return { orderId: cancelled.orderID ?? specifier, cancelTransactionId: cancelled.id };
  }

  async closePosition(request: ClosePositionRequest): Promise<ClosePositionResult> {
    const operation = `closePosition ${request.instrument}`;
    if (request.longUnits === undefined && request.shortUnits === undefined) {
      throw new BrokerError('VALIDATION', { operation, brokerMessage: 'name longUnits, shortUnits or both' });
    }
    const body: Record<string, string> = {};
    if (request.longUnits !== undefined) body.longUnits = closeUnits(request.instrument, request.longUnits);
    if (request.shortUnits !== undefined) body.shortUnits = closeUnits(request.instrument, request.shortUnits);
    let response;
    try {
      response = await this.api.closePosition(request.instrument, body);
    } catch (error) {
      if (!closingAlreadyDone(request, error)) throw error;
      return { instrument: request.instrument, closedUnits: 0, realizedPl: 0, transactionIds: [] };
    }
    for (const cancel of [response.longOrderCancelTransaction, response.shortOrderCancelTransaction]) {
      if (cancel) throw rejectionError(operation, cancel.reason, 'the venue cancelled the closing order');
    }
    const fills = [response.longOrderFillTransaction, response.shortOrderFillTransaction].filter((fill) => fill !== undefined);
    return {
      instrument: request.instrument,
      closedUnits: fills.reduce((sum, fill) => sum + decimal(fill.units, `fill ${fill.id} units`), 0),
      realizedPl: fills.reduce((sum, fill) => sum + decimal(fill.pl ?? '0', `fill ${fill.id} pl`), 0),
      transactionIds: response.relatedTransactionIDs ?? [],
    };
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

  private async findPlacedOrder(clientOrderId: string, lastKnownTransactionId: string | undefined): Promise<Order | undefined> {
    const byClientId = await this.findOrderByClientId(clientOrderId);
    if (byClientId || lastKnownTransactionId === undefined) return byClientId;
    const since = await this.transactionsSince(lastKnownTransactionId);
    const created = since.transactions.find((transaction) => transaction.clientOrderId === clientOrderId && transaction.orderId);
    return created?.orderId ? toOrder((await this.api.order(created.orderId)).order) : undefined;
  }

  /** A found order answers as a first placement would have: its fill, or the same rejection if it was cancelled. */
  private async resultForExisting(clientOrderId: string, order: Order): Promise<OrderResult> {
    const operation = `placeOrder client id ${clientOrderId} (found order ${order.orderId})`;
    if (order.state === 'CANCELLED') {
      const cancel = order.cancellingTransactionId ? await this.transaction(order.cancellingTransactionId) : undefined;
      throw rejectionError(operation, cancel?.reason, 'the order placed earlier with this client id was cancelled');
    }
    const fill = order.fillingTransactionId ? await this.transaction(order.fillingTransactionId) : undefined;
    return orderResultFromExisting(clientOrderId, order, fill);
  }

  private async transaction(transactionId: string): Promise<V20Transaction> {
    return (await this.api.transaction(transactionId)).transaction;
  }
}

function rejectionError(operation: string, reason: string | undefined, message: string): BrokerError {
  return new BrokerError(codeForReason(reason) ?? 'ORDER_REJECTED', { operation, rejectReason: reason, brokerMessage: message });
}

/**
 * Closing all of one side that is already flat is a success, so a retried close (e.g. after a lost response) does
 * not fail. With both sides named, OANDA's rejection does not say which side is flat, so it stands.
 */
function closingAlreadyDone(request: ClosePositionRequest, error: unknown): boolean {
  const sides = [request.longUnits, request.shortUnits].filter((units) => units !== undefined);
  return sides.length === 1 && sides[0] === 'ALL' && isBrokerError(error) && error.rejectReason === 'CLOSEOUT_POSITION_DOESNT_EXIST';
}

function closeUnits(instrument: string, units: number | 'ALL'): string {
  return units === 'ALL' ? 'ALL' : wireUnits(instrument, Math.abs(units));
}
