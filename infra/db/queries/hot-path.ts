import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { accounts, fills, hotPathDecisions, orders, type Venue } from '../schema';
import { upsertFills } from './fills';
import type { NewOrder, OrderResultUpdate } from './orders';

/** What the hot path's batched writer persists, in the order it happened. */
export type HotPathRecord =
  | { kind: 'decision'; row: typeof hotPathDecisions.$inferInsert }
  | { kind: 'order'; row: NewOrder }
  | { kind: 'order-result'; clientOrderId: string; update: OrderResultUpdate }
  | { kind: 'fill'; row: typeof fills.$inferInsert };

/**
 * Writes one batch in one transaction. Every order row is inserted before any result is applied, so a result always
 * finds its order (an order's row is queued before its result). Re-writing a batch after a failed commit is harmless:
 * orders and fills are unique by client order id and transaction id, and decisions are only written on commit.
 */
export async function writeHotPathRecords(db: Database, batch: readonly HotPathRecord[]): Promise<void> {
  const decisionRows: (typeof hotPathDecisions.$inferInsert)[] = [];
  const orderRows: (typeof orders.$inferInsert)[] = [];
  const fillRows: (typeof fills.$inferInsert)[] = [];
  const results: Extract<HotPathRecord, { kind: 'order-result' }>[] = [];
  for (const record of batch) {
    if (record.kind === 'decision') decisionRows.push(record.row);
    else if (record.kind === 'order') orderRows.push({ ...record.row, status: 'submitting' });
    else if (record.kind === 'fill') fillRows.push(record.row);
    else results.push(record);
  }
  await db.transaction(async (tx) => {
    if (decisionRows.length > 0) await tx.insert(hotPathDecisions).values(decisionRows);
    if (orderRows.length > 0) await tx.insert(orders).values(orderRows).onConflictDoNothing({ target: orders.clientOrderId });
    for (const result of results) {
      await tx.update(orders).set({ ...result.update, updatedAt: sql`now()` }).where(eq(orders.clientOrderId, result.clientOrderId));
    }
    await upsertFills(tx, fillRows);
  });
}

/** Realized P/L of the account's fills since `sinceMs`, in the account currency: today's P/L at a restart. */
export async function realizedPnlSince(db: Database, accountId: string, sinceMs: number): Promise<number> {
  const [row] = await db.select({ total: sql<string | null>`sum(${fills.realizedPl})` }).from(fills)
    .where(and(eq(fills.accountId, accountId), gte(fills.filledAt, new Date(sinceMs))));
  return Number(row?.total ?? 0);
}

/** Orders reference the account: a first start on an unknown account records it, keeping any existing row as it is. */
export async function ensureAccountRecorded(db: Database, accountId: string, venue: Venue, openingBalance: number): Promise<void> {
  await db.insert(accounts).values({ id: accountId, venue, openingBalance }).onConflictDoNothing({ target: accounts.id });
}

/** Hot-path orders still 'submitting': a previous run stopped between queueing the order and learning its outcome. */
export async function submittingHotPathOrders(db: Database, accountId: string) {
  return db.select({ clientOrderId: orders.clientOrderId }).from(orders)
    .where(and(eq(orders.accountId, accountId), eq(orders.source, 'hot_path'), eq(orders.status, 'submitting')));
}
