import { isBrokerError, type Broker } from '../../domain/broker';
import { outcomeOfLookUp, outcomeOfRefusal, type OrderOutcome } from '../../domain/trading/order-outcome';

export interface UnsettledOrder {
  clientOrderId: string;
  /** What the placement searched from; older rows have none and are looked up by client id only. */
  lastKnownTransactionId: string | null;
}

/**
 * What an orders row whose outcome Postgres does not know should say, from what the venue holds under its client
 * id: only looked up, never placed. An order the venue never received is closed as cancelled for `absentReason`.
 */
export async function settleOrder(broker: Broker, row: UnsettledOrder, absentReason: string): Promise<OrderOutcome> {
  try {
    return outcomeOfLookUp(await broker.lookUpOrder(row.clientOrderId, { lastKnownTransactionId: row.lastKnownTransactionId ?? undefined }), absentReason);
  } catch (error) {
    if (isBrokerError(error) && !error.retryable) return outcomeOfRefusal(error.rejectReason ?? error.code);
    throw error;
  }
}
