import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { isBrokerError, type Broker, type OrderResult } from '../../domain/broker';
import { instrumentSpec, type InstrumentName } from '../../domain/market';
import { isPositionReducing, tradingStateAllows } from '../../domain/risk/trading-state';
import { outcomeOfRefusal, outcomeOfResult } from '../../domain/trading/order-outcome';
import type { DatabaseHandle } from '../../infra/db/client';
import { PLACEMENT_ATTEMPT_DEADLINE_MS } from '../../domain/trading/attempt-bounds';
import { OrderAttemptInProgress, withOrderAttemptLock } from '../../infra/db/queries/order-attempt-lock';
import { findOrderByClientOrderId, insertSubmittingOrder, touchOrderAttempt, updateOrderResult } from '../../infra/db/queries/orders';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import type { PlacedOrderSummary } from '../../workflows/definitions/analysis-to-trade';
import { currentWorkflowExecution } from '../workflow-execution';
import { brokerFailure, callBroker } from './broker-failure';

export interface PlaceOrderInput {
  accountId: string;
  clientOrderId: string;
  instrument: InstrumentName;
  units: number;
  /**
   * Whether the caller planned the order as one that shrinks a position, from its earlier snapshot. Kept for the
   * record only: whether the order reduces is decided against the position the broker holds when it is placed.
   */
  reducing: boolean;
  stopLossDistance?: number;
  /** The account's last transaction id, read before the first attempt: retries search the transactions since. */
  lastKnownTransactionId: string;
  strategy?: string;
  paramsVersion?: number;
  details?: Record<string, unknown>;
}

const summaryOf = (input: PlaceOrderInput, result: OrderResult): PlacedOrderSummary => ({
  clientOrderId: input.clientOrderId, brokerOrderId: result.orderId, units: input.units, filledUnits: result.filledUnits, fillPriceQuote: result.fillPriceQuote, existing: result.existing,
});

/**
 * Exactly once, however often it runs: the orders row is written as `submitting` before the broker is called, the
 * broker looks the client order id up before it places, and the row is then brought up to the result. The trading
 * state is checked on every attempt against the position the broker holds now, not the one the workflow planned
 * on (a stop-loss may have closed it since, turning a "reducing" order into a new position); once trading stops,
 * an attempt whose predecessor may have reached the venue only looks that order up.
 */
export async function placeOrder(database: DatabaseHandle, broker: Broker, input: PlaceOrderInput): Promise<PlacedOrderSummary> {
  // The deadline covers the whole attempt, the database reads included: nothing is sent once it has passed.
  const attempt = AbortSignal.any([Context.current().cancellationSignal, AbortSignal.timeout(PLACEMENT_ATTEMPT_DEADLINE_MS)]);
  try {
    return await withOrderAttemptLock(database, input.clientOrderId, () => placeOrderAttempt(database, broker, input, attempt));
  } catch (error) {
    if (error instanceof OrderAttemptInProgress) throw ApplicationFailure.create({ type: 'ORDER_ATTEMPT_IN_PROGRESS', message: error.message, nonRetryable: false });
    throw error;
  }
}

async function placeOrderAttempt(database: DatabaseHandle, broker: Broker, input: PlaceOrderInput, attempt: AbortSignal): Promise<PlacedOrderSummary> {
  const workflowExecution = currentWorkflowExecution();
  const previous = await findOrderByClientOrderId(database.db, input.clientOrderId);
  if (previous?.status === 'filled' && previous.brokerOrderId) {
    return { clientOrderId: input.clientOrderId, brokerOrderId: previous.brokerOrderId, units: input.units, filledUnits: previous.filledUnits ?? 0, fillPriceQuote: previous.fillPrice ?? undefined, existing: true };
  }
  const lastKnownTransactionId = previous?.lastKnownTransactionId ?? input.lastKnownTransactionId;
  const [trading, positions] = await Promise.all([effectiveTradingState(database.db, input.accountId), callBroker(() => broker.openPositions())]);
  const positionUnits = positions.find((position) => position.instrument === input.instrument)?.netUnits ?? 0;
  const reducing = isPositionReducing(positionUnits, input.units);
  try {
    if (!tradingStateAllows(trading.state, reducing)) {
      const placedEarlier = previous ? await broker.lookUpOrder(input.clientOrderId, { lastKnownTransactionId }) : undefined;
      if (!placedEarlier) {
        if (previous) await updateOrderResult(database.db, input.clientOrderId, { status: 'cancelled', rejectReason: `TRADING_${trading.state}` });
        const planned = input.reducing && !reducing ? ` (planned as reducing, but the position is ${positionUnits} units now)` : '';
        throw ApplicationFailure.create({
          type: 'TRADING_HALTED',
          nonRetryable: true,
          message: `trading is ${trading.state} for ${trading.scope ?? input.accountId}${trading.reason ? ` (${trading.reason})` : ''}: ${input.clientOrderId} not placed${planned}`,
        });
      }
      await updateOrderResult(database.db, input.clientOrderId, outcomeOfResult(placedEarlier));
      return summaryOf(input, placedEarlier);
    }
    if (previous) await touchOrderAttempt(database.db, input.clientOrderId);
    else {
      await insertSubmittingOrder(database.db, {
        clientOrderId: input.clientOrderId, accountId: input.accountId, instrument: input.instrument, units: input.units, type: 'MARKET', source: 'workflow',
        strategy: input.strategy, paramsVersion: input.paramsVersion, workflowId: workflowExecution.workflowId, runId: workflowExecution.runId,
        lastKnownTransactionId, details: { ...input.details, plannedAsReducing: input.reducing, positionUnitsAtPlacement: positionUnits },
      });
    }
    const spec = instrumentSpec(input.instrument);
    attempt.throwIfAborted();
    const result = await broker.placeOrder({
      type: 'MARKET',
      clientOrderId: input.clientOrderId,
      instrument: input.instrument,
      units: input.units,
      stopLossOnFill: input.stopLossDistance ? { distanceQuote: Number(input.stopLossDistance.toFixed(spec.displayPrecision)) } : undefined,
      clientComment: workflowExecution.workflowId.slice(0, 128),
    }, { lastKnownTransactionId, signal: attempt });
    await updateOrderResult(database.db, input.clientOrderId, outcomeOfResult(result));
    return summaryOf(input, result);
  } catch (error) {
    if (isBrokerError(error) && !error.retryable) await updateOrderResult(database.db, input.clientOrderId, outcomeOfRefusal(error.rejectReason ?? error.code));
    throw brokerFailure(error);
  }
}
