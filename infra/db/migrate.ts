import { join } from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { projectRoot } from '../paths';
import type { DatabaseHandle } from './client';
import { ensureMoneyPartitions } from './queries/money-partitions';

/** Any constant works; it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_KEY = 7_231_944;

export const MIGRATIONS_FOLDER = join(projectRoot(), 'infra', 'db', 'migrations');

/**
 * Applies the checked-in migrations. The api and the workers start together and all migrate on start, so they take
 * a session advisory lock: one applies, the others wait and then find nothing left to do. Each then makes sure the
 * money tables have their partitions for the months around now.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const client = await handle.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  await ensureMoneyPartitions(handle.db);
}
