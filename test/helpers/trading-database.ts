import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { migrateDatabase } from '../../infra/db/migrate';
import { upsertAccount } from '../../infra/db/queries/accounts';
import { startVenueSimulator, type VenueSimulator, type VenueSimulatorOptions } from '../../infra/venue-sim';
import { createTestDatabase, type TestDatabase } from './postgres';

export const SIM_ACCOUNT_ID = '101-001-0000001-001';

/** A fresh, migrated test database that knows the simulator's default account. */
export async function createTradingDatabase(label: string): Promise<{ testDatabase: TestDatabase; database: DatabaseHandle }> {
  const testDatabase = await createTestDatabase(label);
  const database = connectDatabase(testDatabase.url, { maxConnections: 4 });
  await migrateDatabase(database);
  await upsertAccount(database.db, { id: SIM_ACCOUNT_ID, venue: 'sim', alias: 'simulator default', openingBalance: 100_000 });
  return { testDatabase, database };
}

export interface SimulatorWithDatabase {
  sim: VenueSimulator;
  broker: OandaBroker;
  database: DatabaseHandle;
}

/**
 * For a test file that runs real activities: the in-process simulator (seeded), a fresh trading database and the
 * real broker adapter pointed at the simulator, set up in beforeAll and closed in afterAll. The fields are filled
 * in once beforeAll has run.
 */
export function useSimulatorWithDatabase(label: string, seed: number, simulator: Omit<VenueSimulatorOptions, 'port' | 'seed'> = {}): SimulatorWithDatabase {
  const context = {} as SimulatorWithDatabase;
  let testDatabase: TestDatabase | undefined;
  beforeAll(async () => {
    context.sim = await startVenueSimulator({ ...simulator, port: 0, seed });
    ({ testDatabase, database: context.database } = await createTradingDatabase(label));
    context.broker = createBroker({ ...loadConfig({ BROKER_URL: context.sim.url }).broker, requestTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    context.broker?.close();
    await context.sim?.close();
    await context.database?.close();
    await testDatabase?.drop();
  });
  return context;
}

/** For a test file that needs only the database: a fresh trading database, made in beforeAll and dropped in afterAll. */
export function useTradingDatabase(label: string): { database: DatabaseHandle } {
  const context = {} as { database: DatabaseHandle };
  let testDatabase: TestDatabase | undefined;
  beforeAll(async () => {
    ({ testDatabase, database: context.database } = await createTradingDatabase(label));
  });
  afterAll(async () => {
    await context.database?.close();
    await testDatabase?.drop();
  });
  return context;
}
