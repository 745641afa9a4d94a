import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker } from '../../domain/broker/broker';
import { isBrokerError } from '../../domain/broker/broker-error';
import type { OrderResult } from '../../domain/broker/order';
import { backoffDelayMs, type BackoffPolicy } from '../../domain/broker/price-stream';
import type { OrderIntent, OrderRejection } from '../../domain/execution/engine-types';
import { isPositionReducing, tradingStateAllows, type TradingState } from '../../domain/risk/trading-state';
import { outcomeOfLookUp, outcomeOfRefusal, outcomeOfResult, type OrderOutcome } from '../../domain/trading/order-outcome';
import type { HotPathRecord } from '../../infra/db/queries/hot-path';
import type { NewOrder } from '../../infra/db/queries/orders';
import type { Logger } from '../../infra/logging';
import type { HotPathMetrics } from './metrics';

export interface OrderPlacerDeps {
  broker: Broker;
  /** The last transaction id read so far; read once per order, before its first attempt, as placeOrder requires. */
  lastTransactionId: () => string;
  /** Writes the order's row as `submitting`, durably: the broker sees no order whose row is not in Postgres. */
  writeAhead: (row: NewOrder) => Promise<void>;
  record: (record: HotPathRecord) => void;
  /** The engine's effective trading state now: what decides whether an attempt may send or may only look. */
  tradingState: () => TradingState;
  /** The venue refused or cancelled the order, or its row could not be written: the engine must hear it. */
  onRejected: (rejection: OrderRejection) => void;
  /** The order was never sent (or never reached the venue) because trading stopped: the engine decides again later. */
  onAbandoned: (clientOrderId: string) => void;
  metrics: HotPathMetrics;
  logger: Logger;
  clock: () => number;
  signal: AbortSignal;
}

const RETRY: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, multiplier: 2, jitterRatio: 0 };

export function orderRow(intent: OrderIntent, lastKnownTransactionId: string): NewOrder {
  return {
    clientOrderId: intent.clientOrderId,
    accountId: intent.accountId,
    instrument: intent.instrument,
    units: intent.units,
    type: intent.request.type,
    takeProfitPrice: intent.request.takeProfitOnFill?.priceQuote,
    source: 'hot_path',
    strategy: intent.strategy,
    paramsVersion: Number(intent.paramsVersion),
    lastKnownTransactionId,
    details: {
      purpose: intent.purpose, barTimeMs: intent.barTimeMs, decidedAtMs: intent.decidedAtMs, referencePriceQuote: intent.referencePriceQuote,
      stopDistanceQuote: intent.request.stopLossOnFill && 'distanceQuote' in intent.request.stopLossOnFill ? intent.request.stopLossOnFill.distanceQuote : null,
      positionUnitsBefore: intent.positionUnitsBefore, targetUnits: intent.targetUnits,
    },
  };
}

/**
 * Sends each intent to the broker off the decision loop: its row first (write-ahead, so a crash leaves nothing at the
 * venue that restart reconciliation cannot find), then the order. A lost answer or a venue hiccup is retried with the
 * same client order id and last-known transaction id, so the broker returns the order already placed instead of a
 * second one, until there is an answer (the engine holds the instrument until then). Once trading is HALTED (or
 * REDUCING, for an order that adds exposure) an attempt no longer sends: it only looks the order up and records what
 * the venue has.
 */
export class OrderPlacer {
  constructor(private readonly deps: OrderPlacerDeps) {}

  async place(intent: OrderIntent, tickReceivedNs: bigint): Promise<void> {
    const { deps } = this;
    const lastKnownTransactionId = deps.lastTransactionId();
    try {
      await deps.writeAhead(orderRow(intent, lastKnownTransactionId));
    } catch (error) {
      deps.logger.error({ err: error, clientOrderId: intent.clientOrderId }, 'could not write the order ahead to Postgres: not sending it');
      deps.onRejected({ clientOrderId: intent.clientOrderId, instrument: intent.instrument, reason: 'WRITE_AHEAD_FAILED', timeMs: deps.clock() });
      return;
    }
    deps.metrics.orders.inc({ instrument: intent.instrument });
    await this.send(intent, tickReceivedNs, lastKnownTransactionId);
  }

  private async send(intent: OrderIntent, tickReceivedNs: bigint, lastKnownTransactionId: string): Promise<void> {
    const { deps } = this;
    const increasing = !isPositionReducing(intent.positionUnitsBefore, intent.units);
    let sent = false;
    for (let attempt = 1; !deps.signal.aborted; attempt++) {
      const state = deps.tradingState();
      const maySend = tradingStateAllows(state, !increasing);
      if (!maySend && !sent) {
        this.abandon(intent, outcomeOfLookUp(undefined, `TRADING_${state}: stopped before it was sent`));
        return;
      }
      try {
        if (maySend) {
          sent = true;
          const result = await deps.broker.placeOrder(intent.request, { lastKnownTransactionId, signal: deps.signal });
          deps.metrics.tickToAck.observe(Number(process.hrtime.bigint() - tickReceivedNs) / 1e9);
          this.settled(intent, result);
          return;
        }
        const found = await deps.broker.lookUpOrder(intent.clientOrderId, { lastKnownTransactionId, signal: deps.signal });
        deps.logger.warn({ clientOrderId: intent.clientOrderId, state, found: found?.state ?? 'nothing' }, `trading is ${state}: an order of unknown outcome was looked up, not sent again`);
        if (found) this.settled(intent, found);
        else this.abandon(intent, outcomeOfLookUp(undefined, `TRADING_${state}: never reached the venue, and not sent again`));
        return;
      } catch (error) {
        if (isBrokerError(error) && !error.retryable) {
          this.refused(intent, error.rejectReason ?? error.code, error);
          return;
        }
        const retryInMs = backoffDelayMs(RETRY, attempt, 0.5);
        deps.logger.warn({ clientOrderId: intent.clientOrderId, attempt, retryInMs, err: error }, 'order outcome unknown; asking the venue again with the same client order id');
        await sleep(retryInMs, undefined, { signal: deps.signal }).catch(() => undefined);
      }
    }
  }

  private settled(intent: OrderIntent, result: OrderResult): void {
    this.deps.record({ kind: 'order-result', clientOrderId: intent.clientOrderId, update: outcomeOfResult(result) });
  }

  private refused(intent: OrderIntent, reason: string, error: unknown): void {
    const { deps } = this;
    deps.metrics.rejects.inc({ instrument: intent.instrument });
    deps.logger.warn({ clientOrderId: intent.clientOrderId, reason, err: error }, 'order refused by the broker');
    deps.record({ kind: 'order-result', clientOrderId: intent.clientOrderId, update: outcomeOfRefusal(reason) });
    deps.onRejected({ clientOrderId: intent.clientOrderId, instrument: intent.instrument, reason, timeMs: deps.clock() });
  }

  private abandon(intent: OrderIntent, outcome: OrderOutcome): void {
    this.deps.record({ kind: 'order-result', clientOrderId: intent.clientOrderId, update: outcome });
    this.deps.onAbandoned(intent.clientOrderId);
  }
}
