import { isBrokerError } from '../../domain/broker';
import { postgresRestCallBudget, type RestCallBudget } from '../../infra/broker/rest-call-budget';
import { createBroker } from '../../infra/broker/create-broker';
import { loadConfig } from '../../infra/config';
import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { startVenueSimulator } from '../../infra/venue-sim';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

/** The most acquisitions that fell in any one-second span: what OANDA's limit counts. */
function busiestSecond(timesMs: number[]): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

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

  // No second admits more than the budget; the bounds below leave room for a loaded machine that runs admitted callers
  // late (unmetered, all 40 reads would land in the same few milliseconds).
  it('holds two processes together to the budget, each kind on its own', async () => {
    const processes: RestCallBudget[] = [budget(), budget()];
    const admitted: Record<'read' | 'placement', number[]> = { read: [], placement: [] };
    await Promise.all(Array.from({ length: 60 }, (_, index) => (async () => {
      const kind = index % 3 === 0 ? 'placement' : 'read';
      await processes[index % 2]!.acquire(kind);
      admitted[kind].push(Date.now());
    })()));
    expect(admitted.read).toHaveLength(40);
    expect(admitted.placement).toHaveLength(20);
    expect(busiestSecond(admitted.read)).toBeLessThanOrEqual(30);
    expect(busiestSecond(admitted.placement)).toBeLessThanOrEqual(15);
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
