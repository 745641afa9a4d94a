import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { BrokerTransaction } from '../../../domain/broker/transaction';
import type { Database } from '../client';
import { fills, orders } from '../schema';

export type FillRow = typeof fills.$inferInsert;
/** Who placed the order a fill belongs to; 'venue' for the venue's own (stop-loss, take-profit) and unknown orders. */
export type FillSource = FillRow['source'];

/** The fills row of an ORDER_FILL transaction; undefined for any other transaction. */
export function fillRow(accountId: string, transaction: BrokerTransaction, source: FillSource): FillRow | undefined {
  if (transaction.type !== 'ORDER_FILL' || !transaction.instrument || !transaction.units || transaction.priceQuote === undefined) return undefined;
  return {
    accountId, transactionId: transaction.transactionId, clientOrderId: transaction.clientOrderId, brokerOrderId: transaction.orderId,
    instrument: transaction.instrument, units: transaction.units, priceQuote: transaction.priceQuote, realizedPl: transaction.realizedPl ?? 0,
    tradeOpenedId: transaction.tradeOpenedId, tradesClosed: transaction.tradesClosed ?? [], reason: transaction.reason,
    filledAt: new Date(transaction.timeMs), source,
  };
}

/** Inserts fills, leaving any already recorded (by transaction id) as they are; returns how many were new. */
export async function insertFills(db: Database, rows: readonly FillRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(fills).values([...rows]).onConflictDoNothing({ target: [fills.accountId, fills.transactionId] }).returning({ id: fills.id });
  return inserted.length;
}

/** The id of the account's latest recorded fill transaction (ids grow with time at OANDA). */
export async function lastRecordedFillId(db: Database, accountId: string): Promise<string | undefined> {
  const [row] = await db.select({ transactionId: fills.transactionId }).from(fills).where(eq(fills.accountId, accountId))
    .orderBy(desc(sql`${fills.transactionId}::numeric`)).limit(1);
  return row?.transactionId;
}

/** Which path placed each of these orders (orders the product does not know are absent). */
export async function orderSources(db: Database, clientOrderIds: readonly string[]): Promise<Map<string, string>> {
  if (clientOrderIds.length === 0) return new Map();
  const rows = await db.select({ clientOrderId: orders.clientOrderId, source: orders.source }).from(orders).where(inArray(orders.clientOrderId, [...clientOrderIds]));
  return new Map(rows.map((row) => [row.clientOrderId, row.source]));
}
