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

  it('refuses a second order with the same client order id', async () => {
    await query(`insert into accounts (id, venue) values ('101-001-1-001', 'sim')`);
    const insertOrder = `insert into orders (client_order_id, account_id, instrument, units, type, status, source)
                         values ('wf-1-step-1', '101-001-1-001', 'EUR_USD', 1000, 'MARKET', 'submitting', 'workflow')`;
    await query(insertOrder);
    await expect(query(insertOrder)).rejects.toThrow(/orders_client_order_id_unique/);
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
