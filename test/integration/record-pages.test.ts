import { desc, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../infra/db/client';
import { listAuditEvents } from '../../infra/db/queries/audit';
import { listOrders } from '../../infra/db/queries/orders';
import { listPositionSnapshots } from '../../infra/db/queries/positions';
import { listSignals } from '../../infra/db/queries/signals';
import { auditEvents, orders, positionSnapshots, signals } from '../../infra/db/schema';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

// Microseconds, decimals, nulls and nested JSON: what Postgres must render exactly as drizzle and JSON.stringify would.
const createdAt = sql`now() - random() * interval '1 day'`;

/** The api's record lists are written as JSON by Postgres; drizzle's own rows, serialised, are what they must equal. */
describe('record pages written by Postgres', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('record_pages'));
    const { db } = database;
    for (let n = 1; n <= 5; n++) {
      await db.insert(orders).values({
        clientOrderId: `page-${n}`, accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units: n % 2 ? 1234.5 : -7, type: 'MARKET', status: 'filled',
        source: 'workflow', fillPrice: 1.08765, filledUnits: n % 2 ? 1234.5 : null, stopLossPrice: n === 3 ? 1.07 : null, workflowId: `wf-${n % 2}`,
        details: { signal: { direction: 1, confidence: 0.7, reasons: ['a "quoted" reason', 'é'] } }, createdAt: sql`${createdAt}` as never,
      });
      await db.insert(signals).values({
        accountId: SIM_ACCOUNT_ID, instrument: `I_${n}`, strategy: 'ma-crossover', granularity: 'H1', direction: -1, confidence: 1 / 3,
        candleTimeMs: 1_796_000_000_000 + n, status: 'approved', reasons: ['x'], workflowId: `wf-${n % 2}`, proposedUnits: n === 2 ? null : 0.1 + 0.2,
      });
      await db.insert(positionSnapshots).values({ accountId: SIM_ACCOUNT_ID, instrument: 'GBP_USD', netUnits: -n, averagePriceQuote: n === 4 ? null : 1.2345678901234, unrealizedPl: 1e-7 * n, workflowId: `wf-${n % 2}` });
      await database.pool.query(`insert into audit_events (actor, action, subject_type, subject_id, workflow_id, details, occurred_at)
        values ('tester', 'page.test', 'account', $1, $2, $3, now() - random() * interval '1 day')`, [n % 2 ? SIM_ACCOUNT_ID : 'other', `wf-${n % 2}`, { n, nested: [{ deep: null }] }]);
    }
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  type Filter = { accountId?: string; workflowId?: string };
  const cases = [
    { name: 'orders', list: listOrders, table: orders, match: (filter: Filter) => [[orders.accountId, filter.accountId], [orders.workflowId, filter.workflowId]] as const },
    { name: 'signals', list: listSignals, table: signals, match: (filter: Filter) => [[signals.accountId, filter.accountId], [signals.workflowId, filter.workflowId]] as const },
    { name: 'position snapshots', list: listPositionSnapshots, table: positionSnapshots, match: (filter: Filter) => [[positionSnapshots.accountId, filter.accountId], [positionSnapshots.workflowId, filter.workflowId]] as const },
    { name: 'audit events', list: listAuditEvents, table: auditEvents, match: (filter: Filter) => [[auditEvents.subjectId, filter.accountId], [auditEvents.workflowId, filter.workflowId]] as const },
  ];

  it.each(cases)('pages through $name exactly as drizzle reads them, with and without filters', async ({ list, table, match }) => {
    const { db } = database;
    for (const filter of [{}, { workflowId: 'wf-1' }, { accountId: SIM_ACCOUNT_ID }, { accountId: 'nobody' }] as Filter[]) {
      const conditions = match(filter).filter(([, value]) => value !== undefined).map(([column, value]) => sql`${column} = ${value}`);
      const expected = JSON.parse(JSON.stringify(await db.select().from(table).where(sql.join([sql`true`, ...conditions], sql` and `)).orderBy(desc(table.id)))) as Array<{ id: number }>;
      const seen: unknown[] = [];
      let cursor: number | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = JSON.parse(await list(database.pool, { limit: 2, cursor }, filter)) as { items: Array<{ id: number }>; nextCursor?: number };
        seen.push(...page.items);
        if (page.nextCursor === undefined) break;
        expect(page.nextCursor).toBe(page.items.at(-1)!.id);
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(expected);
    }
  });
});
