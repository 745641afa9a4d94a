/** The v20 endpoints this adapter uses, promise-based and typed with the wire payloads. */
import type { HttpTransport } from './http-transport';
import type { ResponseContext } from './error-mapping';
import { V20PayloadError } from './parse';
import type {
  V20AccountSummaryResponse,
  V20CandlesResponse,
  V20OpenPositionsResponse,
  V20OpenTradesResponse,
  V20OrderCancelResponse,
  V20OrderCreateResponse,
  V20OrderResponse,
  V20OrdersResponse,
  V20PositionCloseResponse,
  V20PricingResponse,
  V20TradeResponse,
  V20TransactionResponse,
  V20TransactionsResponse,
} from './v20-payloads';
import { pathSegment, v20Request } from './v20-request';
import type { V20Request } from './v20-request';

export interface V20CandleQuery {
  granularity: string;
  /** Any of M, B, A (mid, bid, ask), e.g. "MBA". */
  price: string;
  count?: number;
  from?: string;
  to?: string;
  /** The local hour (in alignmentTimezone) at which H2 and longer candles start; OANDA's default is 17 New York. */
  dailyAlignment?: number;
  alignmentTimezone?: string;
}

export class V20Api {
  constructor(
    private readonly rest: HttpTransport,
    private readonly streaming: HttpTransport,
    readonly accountId: string,
  ) {}

  accountSummary(): Promise<V20AccountSummaryResponse> {
    return this.json(v20Request((v20, done) => v20.account.summary(this.accountId, done)), { operation: 'accountSummary' });
  }

  openPositions(): Promise<V20OpenPositionsResponse> {
    return this.json(v20Request((v20, done) => v20.position.listOpen(this.accountId, done)), { operation: 'openPositions' });
  }

  openTrades(): Promise<V20OpenTradesResponse> {
    return this.json(v20Request((v20, done) => v20.trade.listOpen(this.accountId, done)), { operation: 'openTrades' });
  }

  pendingOrders(): Promise<V20OrdersResponse> {
    return this.json(v20Request((v20, done) => v20.order.listPending(this.accountId, done)), { operation: 'pendingOrders' });
  }

  /** `specifier` is an order id or `@` followed by a client order id. */
  order(specifier: string, signal?: AbortSignal): Promise<V20OrderResponse> {
    return this.json(v20Request((v20, done) => v20.order.get(this.accountId, pathSegment(specifier), done)), {
      operation: `get order ${specifier}`,
      notFoundCode: 'ORDER_NOT_FOUND',
    }, signal);
  }

  createOrder(order: Record<string, unknown>, operation: string, signal?: AbortSignal): Promise<V20OrderCreateResponse> {
    return this.json(v20Request((v20, done) => v20.order.create(this.accountId, { order }, done)), { operation }, signal);
  }

  /** `specifier` is a trade id or `@` followed by a client trade id; a missing trade is ORDER_NOT_FOUND (no trade-specific code exists). */
  trade(specifier: string, signal?: AbortSignal): Promise<V20TradeResponse> {
    return this.json(v20Request((v20, done) => v20.trade.get(this.accountId, pathSegment(specifier), done)), {
      operation: `get trade ${specifier}`,
      notFoundCode: 'ORDER_NOT_FOUND',
    }, signal);
  }

  cancelOrder(specifier: string): Promise<V20OrderCancelResponse> {
    return this.json(v20Request((v20, done) => v20.order.cancel(this.accountId, pathSegment(specifier), done)), {
      operation: `cancel order ${specifier}`,
      notFoundCode: 'ORDER_NOT_FOUND',
    });
  }

  pricing(instruments: string[]): Promise<V20PricingResponse> {
    const query = { instruments: instruments.map(pathSegment).join(',') };
    return this.json(v20Request((v20, done) => v20.pricing.get(this.accountId, query, done)), {
      operation: `prices ${instruments.join(',')}`,
      notFoundCode: 'UNKNOWN_INSTRUMENT',
    });
  }

  candles(instrument: string, query: V20CandleQuery): Promise<V20CandlesResponse> {
    const wireQuery = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as Record<string, string | number>;
    return this.json(v20Request((v20, done) => v20.instrument.candles(pathSegment(instrument), wireQuery, done)), {
      operation: `candles ${instrument} ${query.granularity}`,
      notFoundCode: 'UNKNOWN_INSTRUMENT',
    });
  }

  closePosition(instrument: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<V20PositionCloseResponse> {
    return this.json(v20Request((v20, done) => v20.position.close(this.accountId, pathSegment(instrument), body, done)), {
      operation: `closePosition ${instrument}`,
      notFoundCode: 'UNKNOWN_INSTRUMENT',
    }, signal);
  }

  /** One page: OANDA bounds each answer, so callers page on from the last id received until `lastTransactionID`. */
  transactionsSince(transactionId: string, signal?: AbortSignal): Promise<V20TransactionsResponse> {
    return this.json(v20Request((v20, done) => v20.transaction.since(this.accountId, { id: pathSegment(transactionId) }, done)), {
      operation: `transactionsSince ${transactionId}`,
    }, signal);
  }

  transaction(transactionId: string, signal?: AbortSignal): Promise<V20TransactionResponse> {
    return this.json(v20Request((v20, done) => v20.transaction.get(this.accountId, pathSegment(transactionId), done)), {
      operation: `get transaction ${transactionId}`,
    }, signal);
  }

  /** The raw byte stream of `pricing/stream`: newline-separated PRICE and HEARTBEAT objects. */
  openPriceStream(instruments: string[], signal: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const query = { instruments: instruments.map(pathSegment).join(','), snapshot: true };
    const request = v20Request((v20, done) => v20.pricing.stream(this.accountId, query, done, done));
    return this.streaming.openStream(request, { operation: `price stream ${instruments.join(',')}`, notFoundCode: 'UNKNOWN_INSTRUMENT' }, signal);
  }

  close(): void {
    this.rest.close();
    this.streaming.close();
  }

  private async json<T>(request: V20Request, context: ResponseContext, signal?: AbortSignal): Promise<T> {
    const answer = await this.rest.send(request, context, signal);
    try {
      return JSON.parse(answer.body) as T;
    } catch {
      throw new V20PayloadError(`${context.operation}: OANDA answered HTTP ${answer.httpStatus} with a body that is not JSON: ${answer.body.slice(0, 200)}`);
    }
  }
}
