import * as format from '../wire/format';
import type { AccountRecord, WireObject, WireOrder } from './account-state';
import type { TransactionBatch } from './transactions';

/**
 * `@clientId` can name several orders (a client id is free again once its order is no longer pending): the pending
 * one wins, else the newest.
 */
export function findOrder(account: AccountRecord, specifier: string): WireOrder | undefined {
  if (!specifier.startsWith('@')) return account.orders.find((o) => o.id === specifier);
  const named = account.orders.filter((o) => o.clientExtensions?.id === specifier.slice(1));
  return named.find((o) => o.state === 'PENDING') ?? named.at(-1);
}

export function pendingOrders(account: AccountRecord): WireOrder[] {
  return account.orders.filter((o) => o.state === 'PENDING');
}

/** Records an ORDER_CANCEL for a pending order and moves it to CANCELLED. */
export function cancelOrder(batch: TransactionBatch, order: WireOrder, reason: string): WireObject {
  const transaction = batch.add('ORDER_CANCEL', {
    orderID: order.id,
    ...(order.clientExtensions?.id ? { clientOrderID: order.clientExtensions.id } : {}),
    reason,
  });
  order.state = 'CANCELLED';
  order.cancellingTransactionID = transaction.id;
  order.cancelledTime = format.time(batch.timeMs);
  return transaction;
}
