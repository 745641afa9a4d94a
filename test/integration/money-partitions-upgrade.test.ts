import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../infra/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

/**
 * A database that traded before the money tables were partitioned is migrated in place: every order, fill and audit
 * event keeps its id and content in its month's partition, the counters stay, and new rows follow the old ids.
 */
describe('migration 0013 on a database with history', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase('money_upgrade');
    handle = connectDatabase(database.url);
    folder = mkdtempSync(join(tmpdir(), 'migrations-0012-'));
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((entry: { idx: number }) => entry.idx <= 12) }));
    await migrate(handle.db, { migrationsFolder: folder });
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const query = async (sql: string, params: unknown[] = []) => (await handle.pool.query(sql, params)).rows;
  const snapshot = async () => ({
    orders: await query(`select * from orders order by id`),
    fills: await query(`select * from fills order by id`),
    audit: await query(`select * from audit_events order by id`),
    counts: await query(`select * from order_status_counts order by 1, 2, 3`),
  });

  it('keeps every row, its id and its month, and the client order ids stay claimed', async () => {
    await query(`insert into accounts (id, venue) values ('101-001-1-001', 'sim')`);
    for (const [n, createdAt] of [[1, '2025-11-20T10:00:00Z'], [2, '2025-12-31T23:59:59.999Z'], [3, '2026-01-01T00:00:00Z']] as const) {
      await query(`insert into orders (client_order_id, account_id, instrument, units, type, status, source, created_at, updated_at, details)
        values ($1, '101-001-1-001', 'EUR_USD', 1000, 'MARKET', 'filled', 'workflow', $2, $2, '{"reason": "é"}')`, [`order-${n}`, createdAt]);
      await query(`insert into fills (account_id, transaction_id, client_order_id, instrument, units, price_quote, filled_at, source)
        values ('101-001-1-001', $1, $2, 'EUR_USD', 1000, 1.10123, $3, 'workflow')`, [String(n), `order-${n}`, createdAt]);
      await query(`insert into audit_events (actor, action, occurred_at) values ('tester', 'order.placed', $1)`, [createdAt]);
    }
    const before = await snapshot();

    await migrateDatabase(handle);

    expect(await snapshot()).toEqual(before);
    expect(await query(`select tableoid::regclass::text as partition from orders order by id`)).toEqual([
      { partition: 'orders_2025_11' }, { partition: 'orders_2025_12' }, { partition: 'orders_2026_01' },
    ]);
    expect(await query(`select count(*)::int as n from order_client_ids`)).toEqual([{ n: 3 }]);
    const again = await query(`insert into orders (client_order_id, account_id, instrument, units, type, status, source)
      values ('order-2', '101-001-1-001', 'EUR_USD', 1000, 'MARKET', 'submitting', 'workflow') returning id`);
    expect(again).toEqual([]);
    const [next] = await query(`insert into orders (client_order_id, account_id, instrument, units, type, status, source)
      values ('order-4', '101-001-1-001', 'EUR_USD', 1000, 'MARKET', 'submitting', 'workflow') returning id`);
    expect(Number(next.id)).toBeGreaterThan(Math.max(...before.orders.map((row) => Number(row.id))));
    await expect(query(`delete from audit_events`)).rejects.toThrow(/append-only: DELETE refused/);
  });
});
