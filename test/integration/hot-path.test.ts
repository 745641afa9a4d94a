import { createLiveRecordActivities } from '../../activities/research/live-record-activities';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { waitFor } from '../../infra/async/wait-for';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { setTradingState } from '../../infra/db/queries/trading-state';
import { findFreePort } from '../../infra/net/free-port';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import type { TestDatabase } from '../helpers/postgres';
import { acceleratedClock, startReconciledHotPath, venueTransactions } from '../helpers/hot-path-process';
import type { RunningProcess } from '../helpers/processes';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(120_000);

/** The simulator's clock runs this much faster than ours, so S5 bars (one per quote here) complete several times a second. */
const SIM_SPEED = 60;
const PARAMS_V1 = { averageKind: 'sma', fastPeriod: 2, slowPeriod: 5, atrPeriod: 5, stopAtrMultiple: 3 };
const PARAMS_V2 = { averageKind: 'ema', fastPeriod: 3, slowPeriod: 6, atrPeriod: 5, stopAtrMultiple: 3 };

interface Status {
  reconciled: boolean;
  tradingState: string;
  paramsVersion: string | null;
  instruments: Array<{ instrument: string; positionUnits: number; paramsVersion: string | null }>;
  writer: { depth: number; full: boolean };
  ordersInFlight: number;
}

/**
 * The compiled hot-path worker against real Postgres and the venue simulator (its clock accelerated): orders land,
 * a parameter switch is traded, a halt stops orders, a restart reconciles without a duplicate order.
 */
describe('hot-path worker against the simulator', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let broker: OandaBroker;
  let hotPath: RunningProcess;
  let env: Record<string, string>;
  let statusUrl: string;

  const status = async (): Promise<Status> => (await fetch(statusUrl)).json() as Promise<Status>;
  /** The sum of a metric's samples over every label. */
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(statusUrl.replace('/status', '/metrics'))).text();
    return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `)).reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  };
  const query = async (sql: string, params: unknown[] = []) => (await database.pool.query(sql, params)).rows;
  const hotPathOrders = () => query(`select client_order_id, status, params_version, units::float8 as units from orders where source = 'hot_path' order by id`);
  /** Every record decided so far is in Postgres and no order is waiting for the broker. */
  const settled = () => waitFor('the hot path to settle', async () => {
    const now = await status();
    return now.writer.depth === 0 && now.ordersInFlight === 0 ? now : undefined;
  }, 15_000, 100);
  const start = async () => {
    hotPath = await startReconciledHotPath(env, statusUrl, 30_000);
  };

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('hot_path'));
    await query(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 1, $1, 'active', 'test', now())`, [PARAMS_V1]);
    sim = await startVenueSimulator({ port: 0, seed: 23, clock: acceleratedClock(SIM_SPEED) });
    broker = createBroker(loadConfig({ BROKER_URL: sim.url }).broker);
    const port = await findFreePort();
    statusUrl = `http://127.0.0.1:${port}/status`;
    env = {
      DATABASE_URL: testDatabase.url,
      // Nothing listens there: no breaker trips in this file, so the emergency stop is never requested.
      TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}`,
      BROKER_URL: sim.url,
      HOT_PATH_METRICS_PORT: String(port),
      HOT_PATH_GRANULARITY: 'S5',
      HOT_PATH_POLL_INTERVAL_MS: '60000',
      RISK_FRACTION: '0.0002',
      MAX_ORDERS_PER_MINUTE: '100000',
      MAX_ORDER_NOTIONAL_USD: '5000000',
      MAX_ORDER_UNITS: '5000000',
      MAX_CONCENTRATION: '50',
      // Small, so a stalled database fills it in seconds; ample for the few records a second this test makes.
      HOT_PATH_WRITER_CAPACITY: '30',
      HOT_PATH_WRITER_BATCH_SIZE: '10',
    };
    await start();
  });

  afterAll(async () => {
    await hotPath?.stop();
    broker?.close();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('reconciles, then places orders that land at the venue and in Postgres with the params version', async () => {
    const [first] = await waitFor('a filled hot-path order', async () => {
      const rows = await hotPathOrders();
      return rows.some((row) => row.status === 'filled') ? rows.filter((row) => row.status === 'filled') : undefined;
    }, 30_000);
    expect(first).toMatchObject({ params_version: 1 });
    expect(first.client_order_id).toMatch(new RegExp(`^hp-${SIM_ACCOUNT_ID}-(EUR_USD|USD_JPY)-\\d+-0$`));
    const atVenue = await broker.findOrderByClientId(first.client_order_id);
    expect(atVenue).toMatchObject({ state: 'FILLED', units: first.units });
    // The fill comes from the broker's transaction log, a poll after the order's answer: wait for it, not for a time.
    const fills = await waitFor('the fill of the first order', async () => {
      const rows = await query(`select source, units::float8 as units from fills where client_order_id = $1`, [first.client_order_id]);
      return rows.length > 0 ? rows : undefined;
    }, 30_000, 50);
    expect(fills).toEqual([{ source: 'hot_path', units: first.units }]);
    const decision = await query(`select outcome, params_version, strategy from hot_path_decisions where client_order_id = $1`, [first.client_order_id]);
    expect(decision).toEqual([{ outcome: 'order', params_version: 1, strategy: 'ma-crossover' }]);
  });

  it('trades a newly activated parameter version', async () => {
    await database.pool.query('begin');
    await query(`update strategy_params set status = 'retired', retired_at = now() where strategy = 'ma-crossover' and version = 1`);
    await query(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 2, $1, 'active', 'test', now())`, [PARAMS_V2]);
    await database.pool.query('commit');
    // The polling fallback is a minute here, so only the notification can bring the switch this soon.
    await waitFor('version 2 to be traded', async () => ((await status()).paramsVersion === '2' ? true : undefined), 10_000, 50);
    expect((await status()).instruments.map((entry) => entry.paramsVersion)).toEqual(['2', '2']);
    const order = await waitFor('an order of version 2', async () => (await hotPathOrders()).find((row) => row.params_version === 2 && row.status === 'filled'), 30_000);
    expect(await broker.findOrderByClientId(order.client_order_id)).toMatchObject({ state: 'FILLED' });
  });

  it("records which trade each fill opened and closed, so a version's realized P/L is the venue's", async () => {
    const [{ activated }] = await query(`select extract(epoch from activated_at) * 1000 as activated from strategy_params where strategy = 'ma-crossover' and version = 1`);
    // The simulator's clock runs ahead of ours: the window reaches well past its present.
    const analyzeVersion1 = () => createLiveRecordActivities({ database }).analyzeLiveRecord({
      strategy: 'ma-crossover', version: 1, fromMs: Math.floor(Number(activated)), toMs: Date.now() + 7 * 86_400_000, periodMs: 86_400_000, objective: 'sharpe',
    });
    const lastRecordedFill = async (): Promise<string> => (await query('select max(transaction_id::bigint)::text as last from fills'))[0].last;
    // A record read while no fill was written: it covers exactly the fills up to the last one recorded.
    const { record, last } = await waitFor('a closed version-1 trade, read between two writes', async () => {
      const before = await lastRecordedFill();
      const read = await analyzeVersion1();
      return read.tradesClosed > 0 && (await lastRecordedFill()) === before ? { record: read, last: before } : undefined;
    }, 30_000, 100);

    // The truth from the venue's own log, up to the same transaction: the follower records fills in the venue's order.
    const venue = (await venueTransactions(broker)).filter((transaction) => BigInt(transaction.transactionId) <= BigInt(last));
    const v1ClientIds = new Set((await hotPathOrders()).filter((row) => row.params_version === 1).map((row) => row.client_order_id as string));
    const v1Trades = new Set(venue.filter((t) => t.type === 'ORDER_FILL' && v1ClientIds.has(t.clientOrderId ?? '') && t.tradeOpenedId).map((t) => t.tradeOpenedId!));
    const v1Closes = venue.flatMap((t) => t.tradesClosed ?? []).filter((trade) => v1Trades.has(trade.tradeId));
    expect(v1Closes.length).toBeGreaterThan(0);
    expect(record.tradesOpened).toBe(v1Trades.size);
    expect(record.tradesClosed).toBe(new Set(v1Closes.map((trade) => trade.tradeId)).size);
    expect(record.realizedPl).toBeCloseTo(v1Closes.reduce((sum, trade) => sum + trade.realizedPl, 0), 6);
    expect(record.accounts).toEqual([{ accountId: SIM_ACCOUNT_ID, tradesOpened: v1Trades.size, capital: expect.objectContaining({ amount: expect.any(Number) }) }]);
  });

  it('reconnects its LISTEN connection when the database drops it, and still hears the next activation', async () => {
    const listenerPid = async () => (await query(`select pid from pg_stat_activity where application_name = 'hot-path-listener' and datname = current_database()`))[0]?.pid as number | undefined;
    const killed = await waitFor('the listener connection', listenerPid);
    await query('select pg_terminate_backend($1)', [killed]);
    await waitFor('a new listener connection', async () => {
      const pid = await listenerPid();
      return pid !== undefined && pid !== killed ? pid : undefined;
    }, 10_000, 50);
    await database.pool.query('begin');
    await query(`update strategy_params set status = 'retired', retired_at = now() where strategy = 'ma-crossover' and version = 2`);
    await query(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 3, $1, 'active', 'test', now())`, [PARAMS_V1]);
    await database.pool.query('commit');
    await waitFor('version 3 to be traded', async () => ((await status()).paramsVersion === '3' ? true : undefined), 10_000, 50);
  });

  it('halts trading while the record writer is full, loses no record, and resumes once Postgres catches up', async () => {
    const locker = await database.pool.connect();
    try {
      await locker.query('begin');
      // Every write of the hot path's batches waits behind this lock, as it would behind a stalled database.
      await locker.query('lock table hot_path_decisions in access exclusive mode');
      const full = await waitFor('the writer to fill up', async () => {
        const now = await status();
        return now.writer.full ? now : undefined;
      }, 30_000, 50);
      expect(full.tradingState).toBe('HALTED');
      expect(await metric('hot_path_writer_full')).toBe(1);
    } finally {
      await locker.query('commit');
      locker.release();
    }
    await waitFor('trading to resume', async () => {
      const now = await status();
      return !now.writer.full && now.tradingState === 'ACTIVE' ? true : undefined;
    }, 30_000, 50);
    // With the prices paused no decision is being made, so the engine's count and the table's must agree exactly.
    sim.faults.silenceStreams(true);
    try {
      // A quote already on its way when the stream went quiet may still be decided: wait for the two to meet.
      const counts = await waitFor('every counted decision to be in the table', async () => {
        await settled();
        const [{ rows }] = await query('select count(*)::int as rows from hot_path_decisions');
        const counted = await metric('hot_path_decisions_total');
        return rows === counted ? { rows, counted } : undefined;
      }, 30_000, 100);
      expect(counts.rows).toBeGreaterThan(0);
    } finally {
      sim.faults.silenceStreams(false);
    }
  });


  it('stops sending orders once the account is HALTED in trading_state', async () => {
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'HALTED', 'test', 'integration test halt');
    await waitFor('the halt to reach the engine', async () => ((await status()).tradingState === 'HALTED' ? true : undefined), 10_000, 50);
    await settled();
    const ordersAtHalt = (await hotPathOrders()).length;
    const [{ last }] = await query('select max(id)::int as last from hot_path_decisions');
    const refused = await waitFor('bars decided while halted, one of them refused by the halt', async () => {
      const rows = await query(`select outcome, reasons from hot_path_decisions where id > $1 and outcome = 'rejected'`, [last]);
      return rows.length >= 2 ? rows : undefined;
    }, 30_000);
    expect(refused[0].reasons).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'trading_state', reason: 'trading is HALTED: no orders accepted' })]));
    await settled();
    expect((await hotPathOrders()).length).toBe(ordersAtHalt);
  });

  it('reconnects a dropped price stream and keeps deciding', async () => {
    const reconnectsBefore = await metric('hot_path_price_stream_reconnects_total');
    await settled();
    const [{ last }] = await query('select max(id)::int as last from hot_path_decisions');
    sim.faults.dropStreams();
    await waitFor('a reconnect', async () => (await metric('hot_path_price_stream_reconnects_total') > reconnectsBefore ? true : undefined), 15_000, 50);
    await waitFor('decisions after the reconnect', async () => ((await query('select count(*)::int as n from hot_path_decisions where id > $1', [last]))[0].n >= 4 ? true : undefined), 15_000);
  });

  it('after a restart, rebuilds positions from the venue and places no order twice', async () => {
    expect(await hotPath.stop()).toEqual({ code: 0, signal: null });
    expect((await hotPathOrders()).filter((row) => row.status === 'submitting')).toEqual([]);
    await start();
    // Still HALTED (read from Postgres at start), so positions can only change through the venue's own stops.
    const venueUnits = async () => Object.fromEntries((await broker.openPositions()).map((position) => [position.instrument, position.netUnits]));
    await waitFor('the engine positions to match the venue', async () => {
      const [engine, venue] = [await status(), await venueUnits()];
      return engine.instruments.every((entry) => entry.positionUnits === (venue[entry.instrument] ?? 0)) ? true : undefined;
    }, 10_000);
    expect((await status()).tradingState).toBe('HALTED');

    const ordersBefore = (await hotPathOrders()).length;
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'ACTIVE', 'test', 'resume after restart');
    await waitFor('an order after the restart', async () => ((await hotPathOrders()).length > ordersBefore ? true : undefined), 30_000);
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'HALTED', 'test', 'stop before counting');
    await waitFor('the halt', async () => ((await status()).tradingState === 'HALTED' ? true : undefined), 10_000, 50);
    await settled();

    const marketOrders = (await venueTransactions(broker)).filter((transaction) => transaction.type === 'MARKET_ORDER' && transaction.clientOrderId?.startsWith('hp-'));
    const venueIds = marketOrders.map((transaction) => transaction.clientOrderId);
    expect(new Set(venueIds).size).toBe(venueIds.length);
    // A row the halt closed before its order was sent is written ahead but was never at the venue.
    const rows = await hotPathOrders();
    const sent = rows.filter((row) => row.status !== 'cancelled');
    expect(sent.map((row) => row.client_order_id).sort()).toEqual([...venueIds].sort());
    const neverSent = (await query(`select reject_reason from orders where source = 'hot_path' and status = 'cancelled'`)).map((row) => row.reject_reason as string);
    for (const reason of neverSent) expect(reason).toMatch(/^(TRADING_HALTED: |never reached the venue)/);
  });
});
