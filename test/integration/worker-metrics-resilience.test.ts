import { Registry } from 'prom-client';
import { connectDatabase } from '../../infra/db/client';
import { registerOperationalMetrics } from '../../infra/telemetry/operational-metrics';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase } from '../helpers/trading-database';

/** The worker's /metrics must answer while Postgres does not: a liveness probe or a scrape never fails with it. */
describe('the worker\'s trading figures when Postgres goes away', () => {
  let testDatabase: TestDatabase;

  beforeAll(async () => {
    const created = await createTradingDatabase('metrics_resilience');
    testDatabase = created.testDatabase;
    await created.database.close();
  });

  afterAll(async () => {
    await testDatabase?.drop();
  });

  it('keeps serving the last good figures and says they are stale with trading_figures_up 0', async () => {
    const database = connectDatabase(testDatabase.url, { maxConnections: 1 });
    const registry = new Registry();
    // Every scrape reads afresh (the worker shares one read per second between the metrics of a scrape).
    registerOperationalMetrics(registry, database.db, { shareReadForMs: 0 });
    const before = await registry.metrics();
    expect(before).toMatch(/^trading_figures_up 1$/m);
    expect(before).toMatch(/^trading_state\{scope="system",state="ACTIVE"\} 1$/m);

    await database.close();
    const after = await registry.metrics();
    expect(after).toMatch(/^trading_figures_up 0$/m);
    expect(after).toMatch(/^trading_state\{scope="system",state="ACTIVE"\} 1$/m);
  });
});
