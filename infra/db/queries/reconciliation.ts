import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { mismatchKey, VENUE_INITIATED_FILL_REASONS, type Mismatch, type MismatchStatus } from '../../../domain/reconciliation/explain-positions';
import type { Database } from '../client';
import { auditEvents, fills, orders, reconciliationMismatches, reconciliationStatus, type OrderSource } from '../schema';
import type { AuditEventRecord } from './audit';

export const RECONCILER_ACTOR = 'reconciler';

/**
 * Orders of the account whose outcome Postgres does not know yet (written before the broker call, or resting at the
 * venue), of these sources (all when absent), and untouched since `untouchedSince` when given: no placement attempt
 * can still be in flight for those.
 */
export async function unsettledOrders(db: Database, accountId: string, filter: { sources?: readonly OrderSource[]; untouchedSince?: Date } = {}) {
  return db.select().from(orders).where(and(
    eq(orders.accountId, accountId), inArray(orders.status, ['submitting', 'pending']),
    filter.untouchedSince ? lt(orders.updatedAt, filter.untouchedSince) : undefined,
    filter.sources ? inArray(orders.source, [...filter.sources]) : undefined,
  )).orderBy(asc(orders.id));
}

/**
 * Where the reconciler starts reading the transaction log the first time: the last fill already recorded, but no later
 * than the placement of any filled order whose fill is not recorded yet (the hot path records its fills ahead of the
 * log's order), so the book counts every fill of a known order. Undefined when nothing is recorded yet.
 */
export async function fillRecordGapStart(db: Database, accountId: string): Promise<string | undefined> {
  const result = await db.execute<{ start: string | null }>(sql`
    select least(
      (select max(transaction_id::numeric) from ${fills} where account_id = ${accountId}),
      (select min(o.last_known_transaction_id::numeric) from ${orders} o
        where o.account_id = ${accountId} and o.status = 'filled' and o.last_known_transaction_id is not null
          and not exists (select 1 from ${fills} f where f.account_id = o.account_id and f.client_order_id = o.client_order_id))
    )::text as start`);
  return result.rows[0]?.start ?? undefined;
}

/** The trading-day-agnostic book: net units per instrument from known orders' fills and the venue's closes, through a transaction. */
export async function bookUnits(db: Database, accountId: string, throughTransactionId: string): Promise<Record<string, number>> {
  const filled = await db.execute<{ instrument: string; units: string }>(sql`
    select f.instrument, sum(f.units)::text as units from ${fills} f
    where f.account_id = ${accountId} and f.transaction_id::numeric <= ${throughTransactionId}::numeric
      and (f.reason in (${sql.join(VENUE_INITIATED_FILL_REASONS.map((reason) => sql`${reason}`), sql`, `)})
        or exists (select 1 from ${orders} o where o.client_order_id = f.client_order_id and o.account_id = f.account_id))
    group by f.instrument`);
  const adjusted = await db.select({ instrument: reconciliationMismatches.instrument, units: sql<string>`sum(${reconciliationMismatches.bookAdjustmentUnits})::text` })
    .from(reconciliationMismatches).where(and(eq(reconciliationMismatches.accountId, accountId), eq(reconciliationMismatches.status, 'accepted')))
    .groupBy(reconciliationMismatches.instrument);
  const units: Record<string, number> = {};
  for (const row of [...filled.rows, ...adjusted]) units[row.instrument] = (units[row.instrument] ?? 0) + Number(row.units);
  return units;
}

/** Which of these client order ids name an orders row of the account. */
export async function knownClientOrderIds(db: Database, accountId: string, clientOrderIds: readonly string[]): Promise<Set<string>> {
  if (clientOrderIds.length === 0) return new Set();
  const rows = await db.select({ clientOrderId: orders.clientOrderId }).from(orders)
    .where(and(eq(orders.accountId, accountId), inArray(orders.clientOrderId, [...clientOrderIds])));
  return new Set(rows.map((row) => row.clientOrderId));
}

export async function acceptedTradeIds(db: Database, accountId: string): Promise<Set<string>> {
  const rows = await db.select({ tradeId: reconciliationMismatches.tradeId }).from(reconciliationMismatches).where(and(
    eq(reconciliationMismatches.accountId, accountId), eq(reconciliationMismatches.status, 'accepted'), eq(reconciliationMismatches.kind, 'unexplained_trade'),
  ));
  return new Set(rows.map((row) => row.tradeId));
}

export interface MismatchChanges {
  found: number;
  cleared: number;
  open: number;
}

/**
 * Brings the account's open mismatches up to this run's: new ones are opened (each an audit event), those still seen
 * are kept with the latest figures, those no longer seen are cleared (each an audit event). One transaction.
 */
export async function recordMismatches(db: Database, accountId: string, seen: readonly Mismatch[], context: { workflowId?: string; runId?: string; throughTransactionId: string }): Promise<MismatchChanges> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reconciliation:${accountId}`}))`);
    const open = await tx.select().from(reconciliationMismatches)
      .where(and(eq(reconciliationMismatches.accountId, accountId), eq(reconciliationMismatches.status, 'open')));
    const openByKey = new Map(open.map((row) => [mismatchKey(row), row]));
    const seenKeys = new Set(seen.map(mismatchKey));
    const audit: AuditEventRecord[] = [];
    const event = (action: string, reason: string, details: Record<string, unknown>): AuditEventRecord => ({
      actor: RECONCILER_ACTOR, action, reason, subjectType: 'account', subjectId: accountId, workflowId: context.workflowId, runId: context.runId, details,
    });
    let found = 0;
    for (const mismatch of seen) {
      const existing = openByKey.get(mismatchKey(mismatch));
      const details = { throughTransactionId: context.throughTransactionId };
      if (existing) {
        await tx.update(reconciliationMismatches).set({ brokerUnits: mismatch.brokerUnits, bookUnits: mismatch.bookUnits, lastSeenAt: sql`now()`, details })
          .where(eq(reconciliationMismatches.id, existing.id));
        continue;
      }
      found += 1;
      await tx.insert(reconciliationMismatches).values({ accountId, ...mismatch, details });
      audit.push(event('reconciliation.mismatch_found', describeMismatch(mismatch), { ...mismatch, ...details }));
    }
    const gone = open.filter((row) => !seenKeys.has(mismatchKey(row)));
    for (const row of gone) {
      await tx.update(reconciliationMismatches).set({ status: 'cleared', resolvedAt: sql`now()`, resolvedBy: RECONCILER_ACTOR, resolution: 'no longer seen at the broker' })
        .where(eq(reconciliationMismatches.id, row.id));
      audit.push(event('reconciliation.mismatch_cleared', `cleared: ${describeMismatch(row)} is no longer seen`, { id: row.id, kind: row.kind, instrument: row.instrument, tradeId: row.tradeId }));
    }
    if (audit.length > 0) await tx.insert(auditEvents).values(audit);
    return { found, cleared: gone.length, open: seen.length };
  });
}

export function describeMismatch(mismatch: Pick<Mismatch, 'kind' | 'instrument' | 'tradeId' | 'brokerUnits' | 'bookUnits'>): string {
  return mismatch.kind === 'unexplained_trade'
    ? `trade ${mismatch.tradeId} (${mismatch.brokerUnits} ${mismatch.instrument}) was opened by no order the product placed`
    : `${mismatch.instrument}: the broker holds ${mismatch.brokerUnits} units, the product's fills explain ${mismatch.bookUnits}`;
}

export type ReconciliationStatusRow = typeof reconciliationStatus.$inferSelect;

/** Records one run: the latest figures replace the last run's, the totals add up. */
export async function recordReconciliationRun(db: Database, run: {
  accountId: string; durationMs: number; throughTransactionId?: string; ordersChecked: number; ordersSettled: number; fillsRecorded: number;
  openMismatches: number; positionsNotCompared?: string;
}): Promise<void> {
  const latest = {
    lastRunAt: sql`now()`, lastRunDurationMs: run.durationMs, lastOrdersChecked: run.ordersChecked, openMismatches: run.openMismatches,
    positionsNotCompared: run.positionsNotCompared ?? null, updatedAt: sql`now()`,
  };
  await db.insert(reconciliationStatus).values({
    accountId: run.accountId, ...latest, throughTransactionId: run.throughTransactionId ?? null, runs: 1, ordersSettled: run.ordersSettled, fillsRecorded: run.fillsRecorded,
  }).onConflictDoUpdate({
    target: reconciliationStatus.accountId,
    set: {
      ...latest,
      throughTransactionId: sql`coalesce(excluded.through_transaction_id, ${reconciliationStatus.throughTransactionId})`,
      runs: sql`${reconciliationStatus.runs} + 1`,
      ordersSettled: sql`${reconciliationStatus.ordersSettled} + excluded.orders_settled`,
      fillsRecorded: sql`${reconciliationStatus.fillsRecorded} + excluded.fills_recorded`,
    },
  });
}

export async function reconciliationStatuses(db: Database): Promise<ReconciliationStatusRow[]> {
  return db.select().from(reconciliationStatus).orderBy(asc(reconciliationStatus.accountId));
}

export async function listMismatches(db: Database, filter: { accountId?: string; status?: MismatchStatus }) {
  const conditions = [
    filter.accountId ? eq(reconciliationMismatches.accountId, filter.accountId) : undefined,
    filter.status ? eq(reconciliationMismatches.status, filter.status) : undefined,
  ].filter((condition) => condition !== undefined);
  return db.select().from(reconciliationMismatches).where(and(...conditions)).orderBy(asc(reconciliationMismatches.id)).limit(500);
}

export type AcceptResult = { ok: true; mismatch: typeof reconciliationMismatches.$inferSelect } | { ok: false; status: 404 | 409; reason: string };

/**
 * An admin takes the broker's figure as the book's: an unexplained trade counts as explained from now on; a units
 * difference becomes a book adjustment. Audited as the admin, in the same transaction.
 */
export async function acceptMismatch(db: Database, id: number, by: string, reason: string): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(reconciliationMismatches).where(eq(reconciliationMismatches.id, id)).for('update');
    if (!row) return { ok: false, status: 404, reason: `no mismatch ${id}` };
    if (row.status !== 'open') return { ok: false, status: 409, reason: `mismatch ${id} is ${row.status}, not open` };
    const bookAdjustmentUnits = row.kind === 'units_differ' ? row.brokerUnits - row.bookUnits : 0;
    const [accepted] = await tx.update(reconciliationMismatches)
      .set({ status: 'accepted', bookAdjustmentUnits, resolvedAt: sql`now()`, resolvedBy: by, resolution: reason })
      .where(eq(reconciliationMismatches.id, id)).returning();
    await tx.insert(auditEvents).values({
      actor: by, action: 'reconciliation.mismatch_accepted', reason: `${describeMismatch(row)}: accepted (${reason})`,
      subjectType: 'account', subjectId: row.accountId, details: { id, kind: row.kind, instrument: row.instrument, tradeId: row.tradeId, bookAdjustmentUnits },
    });
    return { ok: true, mismatch: accepted! };
  });
}
