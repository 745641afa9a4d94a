import { isBrokerError } from '../../domain/broker';
import { sql } from 'drizzle-orm';
import type http from 'node:http';
import { postgresConnectionBudget, postgresRestCallBudget, type RestCallBudget } from '../../infra/broker/rest-call-budget';
import { createBroker } from '../../infra/broker/create-broker';
import { HttpTransport } from '../../infra/broker/oanda/http-transport';
import { loadConfig } from '../../infra/config';
import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { startVenueSimulator } from '../../infra/venue-sim';
import { startCountingHttpServer } from '../helpers/counting-http-server';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

/** The account's REST budget in Postgres, shared by every process that calls the broker for it. */
describe('REST call budget', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('rest_call_budget'));
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const budget = (db = database) => postgresRestCallBudget({ db: db.db, accountId: SIM_ACCOUNT_ID, callsPerSecond: { read: 20, placement: 10 } });

  /**
   * What the database admitted for `key`, by its own clock: the total, and the most in any one second. Two tenths are
   * counted together only while the later starts within a second of the earlier, so a span is a window and the
   * windows up to 1,000 ms after it.
   */
  async function admissions(key: string, kind: string): Promise<{ total: number; busiestSecond: number }> {
    const { rows } = await database.db.execute<{ start: string; calls: number }>(
      sql`select window_start_ms as start, calls from broker_rest_calls where account_id = ${key} and kind = ${kind} order by window_start_ms`);
    const windows = rows.map((row) => ({ start: Number(row.start), calls: row.calls }));
    const inSecondFrom = (start: number) => windows.filter((window) => window.start >= start && window.start <= start + 1000);
    return {
      total: windows.reduce((sum, window) => sum + window.calls, 0),
      busiestSecond: Math.max(0, ...windows.map((window) => inSecondFrom(window.start).reduce((sum, counted) => sum + counted.calls, 0))),
    };
  }

  it('holds two processes together to the budget, each kind on its own', async () => {
    const processes: RestCallBudget[] = [budget(), budget()];
    await Promise.all(Array.from({ length: 60 }, (_, index) => processes[index % 2]!.acquire(index % 3 === 0 ? 'placement' : 'read')));
    expect(await admissions(SIM_ACCOUNT_ID, 'read')).toEqual({ total: 40, busiestSecond: 20 });
    expect(await admissions(SIM_ACCOUNT_ID, 'placement')).toEqual({ total: 20, busiestSecond: 10 });
  });

  it('opens new connections to a host two a second, across processes, and then keeps them', async () => {
    // The server answers only once six requests are in, so six connections must be open at once.
    const waiting: http.ServerResponse[] = [];
    const server = await startCountingHttpServer((_request, response) => {
      waiting.push(response);
      if (waiting.length % 6 === 0) for (const held of waiting.splice(0)) held.writeHead(200).end('{}');
    });
    const host = new URL(server.url).host;
    const transports = [0, 1].map(() => new HttpTransport(
      { baseUrl: server.url, token: 't', timeoutMs: 30_000 },
      { connections: postgresConnectionBudget({ db: database.db, host, connectionsPerSecond: 2 }), maxConnections: 3 }));
    // Twelve requests at once: the six beyond the connections wait for one to free up instead of opening more.
    const burst = () => Promise.all(Array.from({ length: 12 }, (_, index) => transports[index % 2]!.send({ method: 'GET', path: '/v3/accounts' }, { operation: 'accounts' })));
    try {
      await burst();
      expect(server.connections()).toBe(6);
      expect(await admissions(`host ${host}`, 'connection')).toEqual({ total: 6, busiestSecond: 2 });
      await burst();
      expect(server.connections()).toBe(6);
    } finally {
      for (const transport of transports) transport.close();
      await server.close();
    }
  });

  it('keeps a venue that allows 20 requests a second from refusing any, where unmetered calls are refused', async () => {
    const sim = await startVenueSimulator({ port: 0, seed: 5, rateLimitPerSecond: 20 });
    const config = loadConfig({ BROKER_URL: sim.url }).broker;
    const metered = createBroker(config, { restBudget: postgresRestCallBudget({ db: database.db, accountId: 'venue-test', callsPerSecond: { read: 10, placement: 10 } }) });
    const unmetered = createBroker(config);
    const outcomes = (broker: typeof metered) => Promise.all(Array.from({ length: 40 }, () => broker.accountSummary().then(() => 'ok', (error: unknown) => (isBrokerError(error) ? error.code : String(error)))));
    try {
      expect(new Set(await outcomes(metered))).toEqual(new Set(['ok']));
      expect(await outcomes(unmetered)).toContain('RATE_LIMITED');
    } finally {
      metered.close();
      unmetered.close();
      await sim.close();
    }
  });

  it('lets calls through unmetered while Postgres cannot be reached, and says so once', async () => {
    const gone = connectDatabase(testDatabase.url, { maxConnections: 1 });
    await gone.close();
    const unavailable: unknown[] = [];
    const orphaned = postgresRestCallBudget({ db: gone.db, accountId: SIM_ACCOUNT_ID, callsPerSecond: { read: 10, placement: 10 }, onUnavailable: (error) => unavailable.push(error) });
    await Promise.all(Array.from({ length: 30 }, () => orphaned.acquire('placement')));
    expect(unavailable).toHaveLength(1);
  });
});
