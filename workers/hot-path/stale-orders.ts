import type { Broker } from '../../domain/broker/broker';
import type { Database } from '../../infra/db/client';
import { submittingHotPathOrders, type HotPathRecord } from '../../infra/db/queries/hot-path';

/**
 * Orders a previous run queued but never heard back about: what the venue says of each becomes its result. One the
 * venue never saw was not placed (the run stopped first), and is closed as cancelled so nothing waits on it.
 */
export async function settleSubmittingOrders(broker: Broker, db: Database, record: (record: HotPathRecord) => void): Promise<number> {
  const stale = await submittingHotPathOrders(db, broker.accountId);
  for (const { clientOrderId } of stale) {
    const order = await broker.findOrderByClientId(clientOrderId);
    if (!order) {
      record({ kind: 'order-result', clientOrderId, update: { status: 'cancelled', rejectReason: 'never reached the venue: the hot path stopped before placing it' } });
      continue;
    }
    const status = order.state === 'FILLED' ? 'filled' : order.state === 'CANCELLED' ? 'cancelled' : 'pending';
    record({ kind: 'order-result', clientOrderId, update: { status, brokerOrderId: order.orderId, ...(order.state === 'FILLED' ? { filledUnits: order.units } : {}) } });
  }
  return stale.length;
}
