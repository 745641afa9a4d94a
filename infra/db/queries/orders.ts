import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Pool } from 'pg';
import type { OrderOutcome } from '../../../domain/trading/order-outcome';
import { orders } from '../schema';
import { pageAsJson, type PageRequest } from './pagination';

export type NewOrder = Omit<typeof orders.$inferInsert, 'status' | 'id' | 'createdAt' | 'updatedAt'>;

/**
 * Writes the order as `submitting` before anything reaches the broker. A retried placement finds the row already
 * there and writes nothing: the insert trigger claims each client order id once (migration 0013), whichever month
 * partition the row would land in.
 */
export async function insertSubmittingOrder(db: Database, order: NewOrder): Promise<void> {
  await db.insert(orders).values({ ...order, status: 'submitting' });
}

export async function updateOrderResult(db: Database, clientOrderId: string, update: OrderOutcome): Promise<void> {
  await db.update(orders).set({ ...update, updatedAt: sql`now()` }).where(eq(orders.clientOrderId, clientOrderId));
}

/** Settles a row only if nothing wrote it since `readAt` (its updated_at then, which Postgres keeps to the microsecond); true when it did. */
export async function settleOrderRow(db: Database, clientOrderId: string, readAt: Date, update: OrderOutcome): Promise<boolean> {
  const written = await db.update(orders).set({ ...update, updatedAt: sql`now()` })
    .where(and(eq(orders.clientOrderId, clientOrderId), lt(orders.updatedAt, new Date(readAt.getTime() + 1)))).returning({ id: orders.id });
  return written.length > 0;
}

/** Marks a new placement attempt on a row: the reconciler leaves a row alone while an attempt on it may be in flight. */
export async function touchOrderAttempt(db: Database, clientOrderId: string): Promise<void> {
  await db.update(orders).set({ updatedAt: sql`now()` }).where(eq(orders.clientOrderId, clientOrderId));
}

export async function findOrderByClientOrderId(db: Database, clientOrderId: string) {
  const [row] = await db.select().from(orders).where(eq(orders.clientOrderId, clientOrderId)).limit(1);
  return row;
}

/** Creation times of the account's orders since `sinceMs`: what the pre-trade order-rate check counts. */
export async function orderTimesSince(db: Database, accountId: string, sinceMs: number): Promise<number[]> {
  const rows = await db.select({ createdAt: orders.createdAt }).from(orders)
    .where(and(eq(orders.accountId, accountId), gt(orders.createdAt, new Date(sinceMs))));
  return rows.map((row) => row.createdAt.getTime());
}

/** One page, newest first, as the api's JSON body. */
export function listOrders(pool: Pick<Pool, 'query'>, page: PageRequest, filter: { accountId?: string; workflowId?: string } = {}): Promise<string> {
  return pageAsJson(pool, orders, page, [[orders.accountId, filter.accountId], [orders.workflowId, filter.workflowId]]);
}
