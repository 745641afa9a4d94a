import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { accounts, hotPathDecisions, orders, type fills, type Venue } from '../schema';
import { upsertFills } from './fills';
import type { OrderOutcome } from '../../../domain/trading/order-outcome';

/**
 * What the hot path's batched writer persists, in the order it happened. Orders are not among them: an order's row
 * is written ahead, durably, before the broker sees the order (insertSubmittingOrder), so its result always finds it.
 */
export type HotPathRecord =
  | { kind: 'decision'; row: typeof hotPathDecisions.$inferInsert }
  | { kind: 'order-result'; clientOrderId: string; update: OrderOutcome }
  | { kind: 'fill'; row: typeof fills.$inferInsert };

/**
 * Writes one batch in one transaction. Re-writing a batch after a failed commit is harmless: results set the same
 * values again, fills are unique by transaction id, and decisions are only written on commit.
 */
export async function writeHotPathRecords(db: Database, batch: readonly HotPathRecord[]): Promise<void> {
  const decisionRows: (typeof hotPathDecisions.$inferInsert)[] = [];
  const fillRows: (typeof fills.$inferInsert)[] = [];
  const results: Extract<HotPathRecord, { kind: 'order-result' }>[] = [];
  for (const record of batch) {
    if (record.kind === 'decision') decisionRows.push(record.row);
    else if (record.kind === 'fill') fillRows.push(record.row);
    else results.push(record);
  }
  await db.transaction(async (tx) => {
    if (decisionRows.length > 0) await tx.insert(hotPathDecisions).values(decisionRows);
    for (const result of results) {
      await tx.update(orders).set({ ...result.update, updatedAt: sql`now()` }).where(eq(orders.clientOrderId, result.clientOrderId));
    }
    await upsertFills(tx, fillRows);
  });
}

/** Orders reference the account: a first start on an unknown account records it, keeping any existing row as it is. */
export async function ensureAccountRecorded(db: Database, accountId: string, venue: Venue, atBroker: { currency: string; balanceUsd: number }): Promise<void> {
  await db.insert(accounts).values({ id: accountId, venue, currency: atBroker.currency, openingBalance: atBroker.balanceUsd }).onConflictDoNothing({ target: accounts.id });
}
