/**
 * Sends an order at most once per client order id, whatever happens to the answers. Before sending, it looks for
 * what an earlier attempt left (placed-order-search.ts); when the venue says the id is taken, it finds that order;
 * when the answer is lost (timeout, reset, 5xx) it waits for the venue to settle and looks again before saying
 * "retry". Calls with the same id in this process run one after another, so they cannot both miss each other's
 * order; across processes the caller must not run two attempts at once (a Temporal activity attempt ends, by its
 * deadline, before the next one starts, which is why every placement has a deadline of its own).
 */
import { BrokerError, isBrokerError } from '../../../domain/broker';
import type { Order } from '../../../domain/broker';
import { codeForReason, rejectionError } from './error-mapping';
import { CLIENT_ID_TAKEN_REASONS, findOrderOfOpenTrade, findPlacement } from './placed-order-search';
import type { Placement } from './placed-order-search';
import type { V20Api } from './v20-api';
import type { V20Transaction } from './v20-payloads';

export interface PlacementTiming {
  /** How long to let the venue finish a request whose answer was lost before looking for its order again. */
  settleDelayMs: number;
  /** The whole placement (look-ups, send, re-check) ends by then with a retryable TIMEOUT. */
  deadlineMs: number;
  sleep(delayMs: number, signal: AbortSignal): Promise<void>;
}

/** 20 s: inside a 30 s activity start-to-close even when every request of the placement takes its full 5 s deadline. */
export const DEFAULT_PLACEMENT_DEADLINE_MS = 20_000;
export const DEFAULT_SETTLE_DELAY_MS = 1_000;

/** What was asked for, in the venue's terms: a found order with this client id must be exactly this. */
export interface ExpectedOrder {
  type: string;
  instrument: string;
  /** Signed, as sent. */
  units: number;
}

export interface PlacementSpec<Result> {
  operation: string;
  clientOrderId: string;
  expected: ExpectedOrder;
  lastKnownTransactionId: string;
  signal?: AbortSignal;
  send(signal: AbortSignal): Promise<Result>;
  /** The result for an order found at the venue that was not cancelled; `fill` is its filling transaction, if any. */
  fromFound(order: Order, fill: V20Transaction | undefined): Result;
}

/** A look-up only: what an earlier placement left, without sending anything. */
export type LookUpSpec<Result> = Pick<PlacementSpec<Result>, 'operation' | 'clientOrderId' | 'signal' | 'fromFound'> & { lastKnownTransactionId?: string };

type AnswerSpec<Result> = Pick<PlacementSpec<Result>, 'operation' | 'clientOrderId' | 'fromFound'> & { expected?: ExpectedOrder };

export class IdempotentPlacement {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly api: V20Api, private readonly timing: PlacementTiming) {}

  place<Result>(spec: PlacementSpec<Result>): Promise<Result> {
    return this.oneAtATime(spec, (signal) => this.attempt(spec, signal));
  }

  /**
   * Only the look-up half of a placement: what an earlier attempt left, answered as that attempt would have been, or
   * undefined when the venue has nothing under the id. Queued behind any attempt of the same id in this process.
   */
  lookUp<Result>(spec: LookUpSpec<Result>): Promise<Result | undefined> {
    return this.oneAtATime(spec, async (signal) => {
      const found = await findPlacement(this.api, spec.clientOrderId, spec.lastKnownTransactionId, signal);
      return found ? this.answer(spec, found, signal) : undefined;
    });
  }

  private oneAtATime<Result>(spec: Pick<PlacementSpec<unknown>, 'clientOrderId' | 'operation' | 'signal'>, run: (signal: AbortSignal) => Promise<Result>): Promise<Result> {
    const { clientOrderId } = spec;
    const previous = this.running.get(clientOrderId) ?? Promise.resolve();
    const next = previous.then(() => this.withDeadline(spec, run), () => this.withDeadline(spec, run));
    this.running.set(clientOrderId, next);
    const forget = (): void => {
      if (this.running.get(clientOrderId) === next) this.running.delete(clientOrderId);
    };
    void next.then(forget, forget);
    return next;
  }

  private async withDeadline<Result>(spec: Pick<PlacementSpec<unknown>, 'operation' | 'signal'>, run: (signal: AbortSignal) => Promise<Result>): Promise<Result> {
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      deadline.abort(new BrokerError('TIMEOUT', {
        operation: spec.operation,
        brokerMessage: `placement did not finish within ${this.timing.deadlineMs} ms; its outcome is unknown, so retry with the same client order id`,
      }));
    }, this.timing.deadlineMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, deadline.signal]) : deadline.signal;
    try {
      signal.throwIfAborted();
      return await run(signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private async attempt<Result>(spec: PlacementSpec<Result>, signal: AbortSignal): Promise<Result> {
    const earlier = await findPlacement(this.api, spec.clientOrderId, spec.lastKnownTransactionId, signal);
    if (earlier) return this.answer(spec, earlier, signal);
    try {
      return await spec.send(signal);
    } catch (error) {
      if (!isBrokerError(error)) throw error;
      if (error.rejectReason && CLIENT_ID_TAKEN_REASONS.has(error.rejectReason)) return this.answerTaken(spec, error, signal);
      if (!outcomeUnknown(error) || signal.aborted) throw error;
      return this.recheck(spec, error, signal);
    }
  }

  /** The venue says another order (pending) or trade (open) holds the id: that is the earlier attempt's. */
  private async answerTaken<Result>(spec: PlacementSpec<Result>, taken: BrokerError, signal: AbortSignal): Promise<Result> {
    const found = await findPlacement(this.api, spec.clientOrderId, spec.lastKnownTransactionId, signal);
    if (found) return this.answer(spec, found, signal);
    const ofTrade = taken.rejectReason === 'CLIENT_TRADE_ID_ALREADY_EXISTS' ? await findOrderOfOpenTrade(this.api, spec.clientOrderId, signal) : undefined;
    if (ofTrade) return this.answer(spec, { kind: 'order', order: ofTrade }, signal);
    throw new BrokerError('CLIENT_ORDER_ID_MISMATCH', {
      operation: spec.operation,
      rejectReason: taken.rejectReason,
      brokerMessage: `the venue says client id ${spec.clientOrderId} is taken, but no order with it exists since transaction ${spec.lastKnownTransactionId}; check the account before placing it under another id`,
    });
  }

  /** The send may or may not have reached the venue: give it time to finish, then look again before saying "retry". */
  private async recheck<Result>(spec: PlacementSpec<Result>, lost: BrokerError, signal: AbortSignal): Promise<Result> {
    let found: Placement | undefined;
    try {
      await this.timing.sleep(this.timing.settleDelayMs, signal);
      if (signal.aborted) throw lost;
      found = await findPlacement(this.api, spec.clientOrderId, spec.lastKnownTransactionId, signal);
    } catch {
      throw lost;
    }
    if (!found) throw lost;
    return this.answer(spec, found, signal);
  }

  /** A found order answers as the first placement would have: its fill, or the same rejection. */
  private async answer<Result>(spec: AnswerSpec<Result>, placement: Placement, signal: AbortSignal): Promise<Result> {
    const operation = `${spec.operation} (found at the venue)`;
    if (placement.kind === 'rejected') {
      // Mapped as the first attempt's HTTP 400 was, so every attempt fails the same way.
      const { rejectReason, id } = placement.transaction;
      throw new BrokerError(codeForReason(rejectReason) ?? 'VALIDATION', {
        operation,
        rejectReason,
        brokerMessage: `the venue rejected this client id's order earlier (transaction ${id})`,
      });
    }
    const { order } = placement;
    if (spec.expected) assertSameOrder(spec.expected, spec, order);
    if (order.state === 'CANCELLED') {
      const cancel = order.cancellingTransactionId ? (await this.api.transaction(order.cancellingTransactionId, signal)).transaction : undefined;
      throw rejectionError(operation, cancel?.reason, `the venue cancelled order ${order.orderId}, placed earlier with this client id`);
    }
    const fill = order.fillingTransactionId ? (await this.api.transaction(order.fillingTransactionId, signal)).transaction : undefined;
    return spec.fromFound(order, fill);
  }
}

/** TIMEOUT, NETWORK and SERVER may hide a processed request; RATE_LIMITED is a refusal before any processing. */
function outcomeUnknown(error: BrokerError): boolean {
  return error.retryable && error.code !== 'RATE_LIMITED';
}

function assertSameOrder(expected: ExpectedOrder, spec: Pick<PlacementSpec<unknown>, 'operation' | 'clientOrderId'>, order: Order): void {
  if (order.type === expected.type && order.instrument === expected.instrument && order.units === expected.units) return;
  throw new BrokerError('CLIENT_ORDER_ID_MISMATCH', {
    operation: spec.operation,
    brokerMessage: `client id ${spec.clientOrderId} names venue order ${order.orderId} (${order.type} ${order.units ?? '?'} ${order.instrument ?? '?'}), `
      + `not the order asked for (${expected.type} ${expected.units} ${expected.instrument}); nothing was placed`,
  });
}
