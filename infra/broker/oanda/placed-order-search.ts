/**
 * Finds what an earlier attempt with a client order id left at the venue. OANDA offers no single reliable answer:
 * GET `orders/@id` may miss a just-filled order, and the venue refuses a repeated client id only while its order is
 * pending or its trade open. So the look-up by id is backed by a scan of every transaction since the caller's
 * last known one, paged through to the end, and (when the venue says the trade id is taken) by the open trade.
 */
import { isBrokerError } from '../../../domain/broker';
import type { Order } from '../../../domain/broker';
import { isOrderCreation, toOrder } from './translate-order';
import type { V20Api } from './v20-api';
import type { V20Transaction } from './v20-payloads';

export type Placement =
  | { kind: 'order'; order: Order }
  /** The venue rejected the attempt outright (a `..._ORDER_REJECT` transaction); no order exists. */
  | { kind: 'rejected'; transaction: V20Transaction };

/** Rejections that say only "another attempt got there first", not anything about the order itself. */
export const CLIENT_ID_TAKEN_REASONS: ReadonlySet<string> = new Set(['CLIENT_ORDER_ID_ALREADY_EXISTS', 'CLIENT_TRADE_ID_ALREADY_EXISTS']);

/** By client id, then (when the caller knows where to start) in every transaction since its last known one. */
export async function findPlacement(api: V20Api, clientOrderId: string, lastKnownTransactionId: string | undefined, signal: AbortSignal): Promise<Placement | undefined> {
  const byClientId = await findOrder(api, `@${clientOrderId}`, signal);
  if (byClientId) return { kind: 'order', order: byClientId };
  if (lastKnownTransactionId === undefined) return undefined;
  let rejected: V20Transaction | undefined;
  for await (const transaction of transactionsAfter(api, lastKnownTransactionId, signal)) {
    if (transaction.clientExtensions?.id !== clientOrderId) continue;
    if (isOrderCreation(transaction)) return { kind: 'order', order: toOrder((await api.order(transaction.id, signal)).order) };
    if (isOrderRejection(transaction) && !CLIENT_ID_TAKEN_REASONS.has(transaction.rejectReason ?? '')) rejected ??= transaction;
  }
  return rejected ? { kind: 'rejected', transaction: rejected } : undefined;
}

/** The order that opened the open trade carrying this client id: trade → its opening fill → the fill's order. */
export async function findOrderOfOpenTrade(api: V20Api, clientTradeId: string, signal: AbortSignal): Promise<Order | undefined> {
  let tradeId: string;
  try {
    tradeId = (await api.trade(`@${clientTradeId}`, signal)).trade.id;
  } catch (error) {
    if (isBrokerError(error) && error.code === 'ORDER_NOT_FOUND') return undefined;
    throw error;
  }
  // v20 numbers a trade after the transaction that opened it.
  const orderId = (await api.transaction(tradeId, signal)).transaction.orderID;
  return orderId === undefined ? undefined : findOrder(api, orderId, signal);
}

/** Every transaction after `transactionId`, page by page until the venue's lastTransactionID. */
export async function* transactionsAfter(api: V20Api, transactionId: string, signal: AbortSignal): AsyncGenerator<V20Transaction> {
  let after = transactionId;
  for (;;) {
    const page = await api.transactionsSince(after, signal);
    yield* page.transactions;
    const last = page.transactions.at(-1)?.id;
    if (last === undefined || Number(last) >= Number(page.lastTransactionID)) return;
    after = last;
  }
}

/** The order an id or `@clientId` names, or undefined when the venue has none. */
export async function findOrder(api: V20Api, specifier: string, signal?: AbortSignal): Promise<Order | undefined> {
  try {
    return toOrder((await api.order(specifier, signal)).order);
  } catch (error) {
    if (isBrokerError(error) && error.code === 'ORDER_NOT_FOUND') return undefined;
    throw error;
  }
}

function isOrderRejection(transaction: V20Transaction): boolean {
  return transaction.type.endsWith('_ORDER_REJECT');
}
