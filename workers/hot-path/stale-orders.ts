import type { Broker } from '../../domain/broker/broker';
import type { Database } from '../../infra/db/client';
import type { HotPathRecord } from '../../infra/db/queries/hot-path';
import { unsettledOrders } from '../../infra/db/queries/reconciliation';
import { settleOrder } from '../../infra/reconciliation/settle-order';

/**
 * Orders a previous run wrote ahead but never heard back about: what the venue holds under each client id becomes
 * its result; nothing is placed again. One the venue never received was not placed (the run stopped between the
 * write and the send), and is closed as cancelled so nothing waits on it.
 */
export async function settleSubmittingOrders(broker: Broker, db: Database, record: (record: HotPathRecord) => void): Promise<number> {
  // Every row of its own, however young: at its start no attempt of this hot path can still be in flight.
  const stale = await unsettledOrders(db, broker.accountId, { sources: ['hot_path'] });
  for (const row of stale) {
    const update = await settleOrder(broker, row, 'never reached the venue: the hot path stopped before sending it');
    record({ kind: 'order-result', clientOrderId: row.clientOrderId, update });
  }
  return stale.length;
}
