import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { migrateDatabase } from '../../infra/db/migrate';
import { upsertAccount } from '../../infra/db/queries/accounts';
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
