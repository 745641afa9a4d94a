import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker } from '../../domain/broker/broker';
import { isBrokerError } from '../../domain/broker/broker-error';
import { backoffDelayMs, type BackoffPolicy } from '../../domain/broker/price-stream';
import type { OrderResult } from '../../domain/broker/order';
import type { OrderIntent, OrderRejection } from '../../domain/execution/engine-types';
import type { HotPathRecord } from '../../infra/db/queries/hot-path';
import type { Logger } from '../../infra/logging';
import type { HotPathMetrics } from './metrics';

export interface OrderPlacerDeps {
  broker: Broker;
  /** The last transaction id read so far; read once per order, before its first attempt, as placeOrder requires. */
  lastTransactionId: () => string;
  record: (record: HotPathRecord) => void;
  /** The venue refused or cancelled the order: the engine must hear it. */
  onRejected: (rejection: OrderRejection) => void;
  metrics: HotPathMetrics;
  logger: Logger;
  clock: () => number;
  signal: AbortSignal;
}

const RETRY: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, multiplier: 2, jitterRatio: 0 };

export function orderRecord(intent: OrderIntent): HotPathRecord {
  return {
    kind: 'order',
    row: {
      clientOrderId: intent.clientOrderId,
      accountId: intent.accountId,
      instrument: intent.instrument,
      units: intent.units,
      type: intent.request.type,
      takeProfitPrice: intent.request.takeProfitOnFill?.priceQuote,
      source: 'hot_path',
      strategy: intent.strategy,
      paramsVersion: Number(intent.paramsVersion),
      details: {
        purpose: intent.purpose, barTimeMs: intent.barTimeMs, decidedAtMs: intent.decidedAtMs, referencePriceQuote: intent.referencePriceQuote,
        stopDistanceQuote: intent.request.stopLossOnFill && 'distanceQuote' in intent.request.stopLossOnFill ? intent.request.stopLossOnFill.distanceQuote : null,
        positionUnitsBefore: intent.positionUnitsBefore, targetUnits: intent.targetUnits,
      },
    },
  };
}

function resultRecord(result: OrderResult): HotPathRecord {
  return {
    kind: 'order-result',
    clientOrderId: result.clientOrderId,
    update: {
      status: result.state === 'FILLED' ? 'filled' : result.state === 'CANCELLED' ? 'cancelled' : 'pending',
      brokerOrderId: result.orderId,
      filledUnits: result.filledUnits,
      fillPrice: result.fillPriceQuote,
    },
  };
}

/**
 * Sends each intent to the broker off the decision loop. A lost answer or a venue hiccup is retried with the same
 * client order id and the same last-known transaction id, so the broker returns the order already placed instead
 * of a second one; it is retried until it has an answer, because the engine holds the instrument (order in
 * flight) until then.
 */
export class OrderPlacer {
  constructor(private readonly deps: OrderPlacerDeps) {}

  place(intent: OrderIntent, tickReceivedNs: bigint): Promise<void> {
    const { deps } = this;
    deps.record(orderRecord(intent));
    deps.metrics.orders.inc({ instrument: intent.instrument });
    return this.send(intent, tickReceivedNs, deps.lastTransactionId());
  }

  private async send(intent: OrderIntent, tickReceivedNs: bigint, lastKnownTransactionId: string): Promise<void> {
    const { deps } = this;
    for (let attempt = 1; !deps.signal.aborted; attempt++) {
      try {
        const result = await deps.broker.placeOrder(intent.request, { lastKnownTransactionId, signal: deps.signal });
        deps.metrics.tickToAck.observe(Number(process.hrtime.bigint() - tickReceivedNs) / 1e9);
        deps.record(resultRecord(result));
        return;
      } catch (error) {
        if (isBrokerError(error) && !error.retryable) {
          deps.metrics.rejects.inc({ instrument: intent.instrument });
          const reason = error.rejectReason ?? error.code;
          deps.logger.warn({ clientOrderId: intent.clientOrderId, reason, err: error }, 'order refused by the broker');
          deps.record({ kind: 'order-result', clientOrderId: intent.clientOrderId, update: { status: 'rejected', rejectReason: error.message } });
          deps.onRejected({ clientOrderId: intent.clientOrderId, reason, timeMs: deps.clock() });
          return;
        }
        const retryInMs = backoffDelayMs(RETRY, attempt, 0.5);
        deps.logger.warn({ clientOrderId: intent.clientOrderId, attempt, retryInMs, err: error }, 'order outcome unknown; placing again with the same client order id');
        await sleep(retryInMs, undefined, { signal: deps.signal }).catch(() => undefined);
      }
    }
  }
}
