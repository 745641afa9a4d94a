import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { migrateDatabase } from '../../infra/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

describe('migrations on an empty database', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
    handle = connectDatabase(database.url);
    await migrateDatabase(handle);
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const query = async (sql: string, params: unknown[] = []) => (await handle.pool.query(sql, params)).rows;

  it('creates every foundation table', async () => {
    const tables = (await query(`select tablename from pg_tables where schemaname = 'public' order by 1`)).map((r) => r.tablename);
    expect(tables).toEqual(expect.arrayContaining([
      'accounts', 'audit_events', 'component_health', 'orders', 'strategy_params', 'candles', 'signals', 'position_snapshots',
      'trading_state', 'backtest_runs', 'evolution_generations', 'risk_snapshots', 'circuit_breakers', 'hot_path_decisions', 'fills',
    ]));
  });

  it('is idempotent: running again, even concurrently, changes nothing', async () => {
    const before = await query('select count(*)::int as n from drizzle.__drizzle_migrations');
    await Promise.all([migrateDatabase(handle), migrateDatabase(handle)]);
    expect(await query('select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual(before);
    expect(before[0].n).toBeGreaterThanOrEqual(2);
  });

  it('keeps audit_events append-only', async () => {
    await query(`insert into audit_events (actor, action, reason) values ('jest', 'test.event', 'migration test')`);
    await expect(query(`update audit_events set actor = 'someone else'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(query(`delete from audit_events`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(query(`truncate audit_events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await query(`select actor from audit_events`)).toEqual([{ actor: 'jest' }]);
  });

  it('writes a second order with the same client order id nowhere, whichever month it is dated in, even concurrently', async () => {
    await query(`insert into accounts (id, venue) values ('101-001-1-001', 'sim')`);
    const insertOrder = (createdAt: string) => query(`insert into orders (client_order_id, account_id, instrument, units, type, status, source, created_at)
      values ('wf-1-step-1', '101-001-1-001', 'EUR_USD', 1000, 'MARKET', 'submitting', 'workflow', $1) returning id`, [createdAt]);
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2)).toISOString();
    const written = await Promise.all([insertOrder(now.toISOString()), insertOrder(nextMonth), insertOrder(now.toISOString())]);
    expect(written.map((rows) => rows.length).sort()).toEqual([0, 0, 1]);
    expect(await query(`select count(*)::int as n from orders where client_order_id = 'wf-1-step-1'`)).toEqual([{ n: 1 }]);
    await expect(query(`update orders set client_order_id = 'another' where client_order_id = 'wf-1-step-1'`)).rejects.toThrow(/client_order_id never changes/);
  });

  it('keeps orders, fills and audit events in monthly partitions, last month to three ahead, and the rest in a default one', async () => {
    const partitions = await query(`select parent.relname as parent, c.relname as partition from pg_inherits i
      join pg_class c on c.oid = i.inhrelid join pg_class parent on parent.oid = i.inhparent order by 1, 2`);
    const now = new Date();
    const month = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7).replace('-', '_');
    for (const table of ['audit_events', 'fills', 'orders']) {
      expect(partitions.filter((row) => row.parent === table).map((row) => row.partition)).toEqual(
        [`${table}_default`, ...[-1, 0, 1, 2, 3].map((offset) => `${table}_${month(offset)}`)].sort());
    }
    await query(`insert into fills (account_id, transaction_id, instrument, units, price_quote, filled_at, source)
                 values ('101-001-1-001', '7', 'EUR_USD', 1000, 1.1, '2019-03-04T05:06:07Z', 'venue')`);
    expect(await query(`select tableoid::regclass::text as partition from fills where transaction_id = '7'`)).toEqual([{ partition: 'fills_default' }]);
    await expect(query(`insert into fills (account_id, transaction_id, instrument, units, price_quote, filled_at, source)
                        values ('101-001-1-001', '7', 'EUR_USD', 1000, 1.1, '2019-03-04T05:06:07Z', 'venue')`)).rejects.toThrow(/fills_default_account_id_transaction_id_filled_at_idx|duplicate key/);
    expect(await query(`select ensure_monthly_partition('fills', '2019-03-31T23:00:00Z')`)).toEqual([{ ensure_monthly_partition: null }]);
    expect(await query(`select ensure_monthly_partition('fills', '2019-04-15T00:00:00Z')`)).toEqual([{ ensure_monthly_partition: 'fills_2019_04' }]);
  });

  it('refuses a TRUNCATE of any one partition of audit_events', async () => {
    const [{ partition }] = await query(`select ensure_monthly_partition('audit_events', now()) as partition`);
    await expect(query(`truncate ${partition}`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(query(`truncate audit_events_default`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(query(`delete from ${partition}`)).rejects.toThrow(/append-only: DELETE refused/);
  });

  it('refuses zero-unit orders, unknown statuses and unknown venues', async () => {
    await expect(query(`insert into orders (client_order_id, account_id, instrument, units, type, status, source)
                        values ('zero', '101-001-1-001', 'EUR_USD', 0, 'MARKET', 'submitting', 'workflow')`)).rejects.toThrow(/orders_units_nonzero_check/);
    await expect(query(`insert into component_health (component, status, latency_ms) values ('x', 'fine', 1)`)).rejects.toThrow(/component_health_status_check/);
    await expect(query(`insert into accounts (id, venue) values ('a', 'moon')`)).rejects.toThrow(/accounts_venue_check/);
  });

  it('versions strategy parameters with at most one active version per strategy', async () => {
    const insert = `insert into strategy_params (strategy, version, params, status, created_by) values ($1, $2, $3, $4, 'jest')`;
    await query(insert, ['ma_crossover', 1, { fast: 10, slow: 30 }, 'active']);
    await query(insert, ['ma_crossover', 2, { fast: 12, slow: 40 }, 'candidate']);
    await query(insert, ['rsi_reversal', 1, { period: 14 }, 'active']);
    await expect(query(insert, ['ma_crossover', 3, { fast: 5, slow: 20 }, 'active'])).rejects.toThrow(/strategy_params_one_active_idx/);
    await expect(query(insert, ['ma_crossover', 2, {}, 'candidate'])).rejects.toThrow(/strategy_params_strategy_version_idx/);
    await expect(query(insert, ['ma_crossover', 9, {}, 'live'])).rejects.toThrow(/strategy_params_status_check/);
  });

  it('notifies listeners when a strategy version becomes active and when a trading state changes', async () => {
    const listener = await handle.pool.connect();
    const received: Array<{ channel: string; payload: unknown }> = [];
    listener.on('notification', (n) => received.push({ channel: n.channel, payload: JSON.parse(n.payload ?? 'null') }));
    try {
      await listener.query('listen strategy_params_activated');
      await listener.query('listen trading_state_changed');
      await query(`insert into strategy_params (strategy, version, params, status, created_by) values ('donchian-breakout', 1, '{}', 'candidate', 'jest')`);
      await query(`update strategy_params set status = 'active' where strategy = 'donchian-breakout' and version = 1`);
      await query(`update strategy_params set reason = 'touched' where strategy = 'donchian-breakout' and version = 1`);
      await query(`insert into trading_state (scope, state, updated_by) values ('system', 'HALTED', 'jest')`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual([
        { channel: 'strategy_params_activated', payload: { strategy: 'donchian-breakout', version: 1 } },
        { channel: 'trading_state_changed', payload: { scope: 'system', state: 'HALTED' } },
      ]);
    } finally {
      listener.release();
    }
  });
});
