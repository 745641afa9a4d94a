import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { setTradingState } from '../../infra/db/queries/trading-state';
import { findFreePort } from '../../infra/net/free-port';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { startDelayingProxy, type DelayingProxy } from '../helpers/delaying-proxy';
import type { TestDatabase } from '../helpers/postgres';
import { acceleratedClock, lastLines, startReconciledHotPath, venueTransactions } from '../helpers/hot-path-process';
import type { RunningProcess } from '../helpers/processes';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(180_000);

const SIM_SPEED = 60;
const PARAMS = { averageKind: 'sma', fastPeriod: 2, slowPeriod: 5, atrPeriod: 5, stopAtrMultiple: 3 };
/** Longer than the test: a held order waits for the kill, not for the hold to end. */
const HOLD_MS = 600_000;

/**
 * The compiled hot path killed with SIGKILL while an order is on its way: once after the venue filled it but before
 * the answer came back, once before the order reached the venue. Each time the order's row was written ahead, and
 * the restarted hot path settles it from the venue (looking only, never placing): the venue and Postgres agree and
 * no order exists twice.
 */
describe('chaos: the hot path killed between sending an order and hearing the answer', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let proxy: DelayingProxy;
  let broker: OandaBroker;
  let hotPath: RunningProcess | undefined;
  let env: Record<string, string>;
  let statusUrl: string;

  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;
  const start = async () => {
    hotPath = await startReconciledHotPath(env, statusUrl);
  };
  /** A wait whose failure shows what the hot path last said. */
  const waitOnHotPath = <T>(what: string, check: () => Promise<T | undefined>) => waitFor(what, check, 60_000, 50).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${lastLines(hotPath)}`);
  });
  const kill = async () => {
    hotPath!.child.kill('SIGKILL');
    await hotPath!.exited;
    hotPath = undefined;
  };
  /** The hot path's order rows waiting for an answer: written ahead, before the venue was asked. */
  const submitting = async () => (await sql(`select client_order_id, units::float8 as units from orders where source = 'hot_path' and status = 'submitting'`)) as Array<{ client_order_id: string; units: number }>;
  const venueOrdersWith = async (clientOrderId: string) =>
    (await venueTransactions(broker)).filter((transaction) => transaction.type === 'MARKET_ORDER' && transaction.clientOrderId === clientOrderId);
  /** Restarted halted, the hot path can only settle what it left; then the row must say what the venue has. */
  const restartHaltedAndSettle = async (clientOrderId: string) => {
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'HALTED', 'chaos', 'count what the killed hot path left');
    proxy.hold('none', 0);
    await start();
    return waitFor(`${clientOrderId} settled`, async () => {
      const [row] = await sql('select status, broker_order_id, filled_units::float8 as filled, reject_reason from orders where client_order_id = $1', [clientOrderId]);
      return row?.status === 'submitting' ? undefined : row;
    }, 30_000);
  };

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('chaos_hot_path'));
    await sql(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 1, $1, 'active', 'test', now())`, [PARAMS]);
    sim = await startVenueSimulator({ port: 0, seed: 61, clock: acceleratedClock(SIM_SPEED) });
    proxy = await startDelayingProxy(sim.url);
    broker = createBroker(loadConfig({ BROKER_URL: sim.url }).broker);
    const port = await findFreePort();
    statusUrl = `http://127.0.0.1:${port}/status`;
    env = {
      DATABASE_URL: testDatabase.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}`,
      BROKER_URL: proxy.url,
      HOT_PATH_METRICS_PORT: String(port),
      HOT_PATH_GRANULARITY: 'S5',
      RISK_FRACTION: '0.0002',
      MAX_ORDERS_PER_MINUTE: '100000',
    };
  });

  afterAll(async () => {
    if (hotPath) await kill();
    broker?.close();
    await proxy?.close();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('an order the venue filled while its answer was on the way: after the restart its row is the fill, and it exists once', async () => {
    proxy.hold('response', HOLD_MS);
    await start();
    const held = await waitOnHotPath('an order filled at the venue, its answer held back', async () => {
      for (const row of await submitting()) {
        if ((await broker.findOrderByClientId(row.client_order_id))?.state === 'FILLED') return row;
      }
      return undefined;
    });
    await kill();

    const settled = await restartHaltedAndSettle(held.client_order_id);
    const atVenue = await venueOrdersWith(held.client_order_id);
    expect(atVenue).toHaveLength(1);
    expect(settled).toEqual({ status: 'filled', broker_order_id: atVenue[0]!.orderId, filled: held.units, reject_reason: null });
    expect(await submitting()).toEqual([]);
    await kill();
  });

  it('an order killed before it reached the venue: after the restart its row is closed as never sent, and nothing was sent since', async () => {
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'ACTIVE', 'chaos', 'trade again');
    proxy.hold('request', HOLD_MS, undefined, { dropIfSenderDies: true });
    const forwardedBefore = proxy.forwarded;
    await start();
    const held = await waitOnHotPath('an order written ahead, held before the venue', async () => (await submitting())[0]);
    await kill();

    const settled = await restartHaltedAndSettle(held.client_order_id);
    expect(settled).toEqual({ status: 'cancelled', broker_order_id: null, filled: null, reject_reason: 'never reached the venue: the hot path stopped before sending it' });
    expect(await venueOrdersWith(held.client_order_id)).toEqual([]);
    expect(proxy.forwarded).toBe(forwardedBefore);
    expect(await submitting()).toEqual([]);
  });
});
