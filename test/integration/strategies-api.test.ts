import { Registry } from 'prom-client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { STRATEGY_NAMES } from '../../domain/strategies';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { createLogger } from '../../infra/logging';
import { findFreePort } from '../../infra/net/free-port';
import { createTemporalClient, type TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { bearer, issueTestKey } from '../helpers/api-keys';
import type { TestDatabase } from '../helpers/postgres';
import { tradeRecorder } from '../helpers/recorded-trades';
import { createTradingDatabase } from '../helpers/trading-database';

const HOUR_MS = 3_600_000;

/** GET /api/strategies on real Postgres: each strategy's active version and what its own trades realized since it went live. */
describe('strategies over REST', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let temporal: TemporalClientHandle;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('strategies_api'));
    temporal = createTemporalClient({ address: `127.0.0.1:${await findFreePort()}` }, 'default');
    const sql = (text: string, values: unknown[] = []) => database.pool.query(text, values);
    const activatedMs = Date.now() - 5 * HOUR_MS;
    await sql(`insert into strategy_params (strategy, version, params, status, created_by, created_at, activated_at, retired_at) values
      ('ma-crossover', 1, '{"fastPeriod": 10}', 'retired', 'test', $1, $1, $2),
      ('ma-crossover', 2, '{"fastPeriod": 12}', 'active', 'test', $2, $2, null)`, [new Date(activatedMs - 10 * HOUR_MS), new Date(activatedMs)]);
    const { order, fill } = tradeRecorder(database.db);
    // v1's trade, opened and closed before v2 went live: not v2's record.
    await order('v1-a', 'ma-crossover', 1);
    await fill(activatedMs - 3 * HOUR_MS, { clientOrderId: 'v1-a', tradeOpenedId: 'T1' });
    await fill(activatedMs - 2 * HOUR_MS, { tradesClosed: [{ tradeId: 'T1', units: -1000, realizedPl: 50 }] });
    // v2 opens three trades: one closes at a profit (in two parts), one at a loss by its stop, one is still open.
    for (const [clientOrderId, tradeId, atMs] of [['v2-a', 'T2', HOUR_MS], ['v2-b', 'T3', 2 * HOUR_MS], ['v2-c', 'T4', 3 * HOUR_MS]] as const) {
      await order(clientOrderId, 'ma-crossover', 2);
      await fill(activatedMs + atMs, { clientOrderId, tradeOpenedId: tradeId });
    }
    await fill(activatedMs + 4 * HOUR_MS, { tradesClosed: [{ tradeId: 'T2', units: -500, realizedPl: 7 }] });
    await fill(activatedMs + 4 * HOUR_MS + 1, { tradesClosed: [{ tradeId: 'T2', units: -500, realizedPl: 5 }] });
    await fill(activatedMs + 4 * HOUR_MS + 2, { tradesClosed: [{ tradeId: 'T3', units: -1000, realizedPl: -8 }], reason: 'STOP_LOSS_ORDER' });
  });

  afterAll(async () => {
    await temporal?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('lists every strategy, with the active version\'s params and its live record since activation', async () => {
    const app = createApp({ config: loadConfig({}), database, temporal, metrics: new Registry(), logger: createLogger('strategies-test', 'silent') });
    expect((await request(app).get('/api/strategies')).status).toBe(401);
    const response = await request(app).get('/api/strategies').set(bearer(await issueTestKey(database.db, 'strategies-viewer', 'viewer')));
    expect(response.status).toBe(200);
    const items = response.body.items as Array<{ strategy: string; active: unknown }>;
    expect(items.map((item) => item.strategy)).toEqual(STRATEGY_NAMES);
    expect(items.find((item) => item.strategy === 'ma-crossover')!.active).toMatchObject({
      version: 2, params: { fastPeriod: 12 }, live: { tradesOpened: 3, tradesClosed: 2, realizedPl: 4, winRate: 0.5 },
    });
    expect(items.filter((item) => item.strategy !== 'ma-crossover').every((item) => item.active === null)).toBe(true);
  });
});
