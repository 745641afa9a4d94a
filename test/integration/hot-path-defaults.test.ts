import { waitFor } from '../../infra/async/wait-for';
import type { DatabaseHandle } from '../../infra/db/client';
import { ensureActiveStrategyParams } from '../../infra/db/queries/strategy-params';
import { findFreePort } from '../../infra/net/free-port';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { getStrategy } from '../../domain/strategies';
import type { TestDatabase } from '../helpers/postgres';
import { acceleratedClock, lastLines } from '../helpers/hot-path-process';
import { startEntryPoint, type RunningProcess } from '../helpers/processes';
import { createTradingDatabase } from '../helpers/trading-database';

jest.setTimeout(120_000);

/** The simulator's clock runs this much faster, so the default M1 bars complete about once a second. */
const SIM_SPEED = 60;

/**
 * The hot path as bin/start runs it: every trading setting at its default (M1 bars, RISK_FRACTION, the order limits)
 * and the strategy's default parameters. It must trade from its first live bars (warm from the broker's candle
 * history), and size inside the limits it checks, instead of proposing orders its own gate refuses.
 */
describe('hot path with the defaults', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let hotPath: RunningProcess;

  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('hot_path_defaults'));
    await ensureActiveStrategyParams(database.db, { strategy: 'ma-crossover', params: getStrategy('ma-crossover').defaults, createdBy: 'test', reason: 'the defaults bin/start seeds' });
    sim = await startVenueSimulator({ port: 0, seed: 83, clock: acceleratedClock(SIM_SPEED) });
    hotPath = startEntryPoint('hot-path', 'workers/hot-path', {
      DATABASE_URL: testDatabase.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}`,
      BROKER_URL: sim.url,
      HOT_PATH_METRICS_PORT: String(await findFreePort()),
    });
  });

  afterAll(async () => {
    await hotPath?.stop();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('trades from its first live bars, each order inside the limits it is checked against', async () => {
    const filled = await waitFor('filled orders on both instruments', async () => {
      const rows = await sql(`select instrument, units::float8 as units, fill_price::float8 as price from orders where source = 'hot_path' and status = 'filled'`);
      return new Set(rows.map((row) => row.instrument)).size === 2 ? rows : undefined;
    }, 60_000, 200).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${lastLines(hotPath)}`);
    });
    // Warm from history: no decision after reconciliation waited for a warm-up.
    expect(await sql(`select count(*)::int as n from hot_path_decisions where reasons @> '[{"skip": "warming-up"}]'`)).toEqual([{ n: 0 }]);
    // Sized inside the limits: nothing the engine proposed was refused by the exposure caps it sizes for.
    const refusedBySize = await sql(`select reasons from hot_path_decisions where outcome = 'rejected' and reasons::text ~ '"check": "(max_units|max_notional|max_concentration)"'`);
    expect(refusedBySize).toEqual([]);
    for (const order of filled) {
      const usd = order.instrument === 'USD_JPY' ? Math.abs(order.units) : Math.abs(order.units) * order.price;
      // A reversal trades the old position and the new: at most twice the default notional limit of 100,000 USD.
      expect(usd).toBeLessThanOrEqual(2 * 100_000);
    }
    const clipped = await sql(`select reasons from hot_path_decisions where outcome = 'order' and reasons::text like '%"clip"%' limit 1`);
    expect(clipped).toEqual([{ reasons: [expect.objectContaining({ clip: expect.objectContaining({ clippedBy: expect.any(Array) }) })] }]);
  });
});
