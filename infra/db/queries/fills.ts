import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { BrokerTransaction } from '../../../domain/broker/transaction';
import type { Database, Transaction } from '../client';
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

/** Rows per statement: thirteen parameters a row stays far below Postgres's 65,535 per statement. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Records fills, each once by (account, transaction id) and the broker's time of it (the partition key), whichever
 * writer (hot path or risk monitor) sees it first. A row already there keeps what it has, but gains the trades a writer
 * that did not know them left out (an older hot path) and the placing path when it was recorded as the venue's.
 * Returns how many rows were new: the rows a plain insert wrote (a partitioned table cannot return xmax to tell).
 */
/**
 * One row per fill: copies of a fill in one batch (the monitor and the reconciler read overlapping pages) become one,
 * keeping what each copy knows, so no enrichment is lost and no statement touches a row twice.
 */
function mergeFillCopies(rows: readonly FillRow[]): FillRow[] {
  const merged = new Map<string, FillRow>();
  for (const row of rows) {
    const key = `${row.accountId} ${row.transactionId}`;
    const seen = merged.get(key);
    merged.set(key, !seen ? row : {
      ...seen,
      tradeOpenedId: seen.tradeOpenedId ?? row.tradeOpenedId,
      tradesClosed: seen.tradesClosed?.length ? seen.tradesClosed : row.tradesClosed,
      source: seen.source === 'venue' ? row.source : seen.source,
    });
  }
  return [...merged.values()];
}

export async function upsertFills(db: Database | Transaction, batch: readonly FillRow[]): Promise<number> {
  const rows = mergeFillCopies(batch);
  let inserted = 0;
  for (let first = 0; first < rows.length; first += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(first, first + ROWS_PER_STATEMENT);
    const written = await db.insert(fills).values(chunk).onConflictDoNothing().returning({ accountId: fills.accountId, transactionId: fills.transactionId });
    inserted += written.length;
    const writtenKeys = new Set(written.map((row) => `${row.accountId} ${row.transactionId}`));
    const known = chunk.filter((row) => !writtenKeys.has(`${row.accountId} ${row.transactionId}`));
    if (known.length === 0) continue;
    await db.insert(fills).values(known).onConflictDoUpdate({
      target: [fills.accountId, fills.transactionId, fills.filledAt],
      set: {
        tradeOpenedId: sql`coalesce(${fills.tradeOpenedId}, excluded.trade_opened_id)`,
        tradesClosed: sql`case when ${fills.tradesClosed} = '[]'::jsonb then excluded.trades_closed else ${fills.tradesClosed} end`,
        source: sql`case when ${fills.source} = 'venue' then excluded.source else ${fills.source} end`,
      },
    });
  }
  return inserted;
}

/** The id of the account's latest recorded fill transaction (ids grow with time at OANDA). */
export async function lastRecordedFillId(db: Database, accountId: string): Promise<string | undefined> {
  const [row] = await db.select({ transactionId: fills.transactionId }).from(fills).where(eq(fills.accountId, accountId))
    .orderBy(desc(sql`${fills.transactionId}::numeric`)).limit(1);
  return row?.transactionId;
}

/** Which path placed an order, and for a strategy's order, the strategy and parameter version. */
export interface OrderOrigin {
  source: string;
  strategy: string | null;
  paramsVersion: number | null;
}

/** The origin of each of these orders (orders the product does not know are absent). */
export async function orderOrigins(db: Database, clientOrderIds: readonly string[]): Promise<Map<string, OrderOrigin>> {
  if (clientOrderIds.length === 0) return new Map();
  const rows = await db.select({ clientOrderId: orders.clientOrderId, source: orders.source, strategy: orders.strategy, paramsVersion: orders.paramsVersion })
    .from(orders).where(inArray(orders.clientOrderId, [...new Set(clientOrderIds)]));
  return new Map(rows.map(({ clientOrderId, ...origin }) => [clientOrderId, origin]));
}

/** The account's latest fills, newest first, each with the strategy version of the order behind it (null: not a strategy's). */
export async function recentFills(db: Database, accountId: string, limit: number) {
  const rows = await db.select().from(fills).where(eq(fills.accountId, accountId)).orderBy(desc(fills.filledAt), desc(fills.id)).limit(limit);
  const origins = await orderOrigins(db, rows.flatMap((row) => (row.clientOrderId ? [row.clientOrderId] : [])));
  return rows.map(({ id: _id, accountId: _account, ...row }) => {
    const origin = row.clientOrderId ? origins.get(row.clientOrderId) : undefined;
    return { ...row, strategy: origin?.strategy ?? null, paramsVersion: origin?.paramsVersion ?? null };
  });
}
