import { join } from 'node:path';
import type { AppConfig } from '../config';
import type { Logger } from '../logging';
import { dataDir } from '../paths';
import { connectDatabase, type DatabaseHandle } from './client';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrateDatabase } from './migrate';

/**
 * Connects to DATABASE_URL, or (unset) to the embedded Postgres under DATA_DIR, starting it if nobody else has,
 * and applies the migrations. Closing the handle also stops an embedded server this process started.
 */
export async function openDatabase(config: AppConfig, logger: Logger, applicationName: string): Promise<DatabaseHandle> {
  let connectionString = config.DATABASE_URL;
  let stopEmbedded = async () => undefined as void;
  if (!connectionString) {
    const embedded = await startEmbeddedPostgres({
      dataDir: join(dataDir(config.DATA_DIR), 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      log: (line) => logger.debug({ component: 'embedded-postgres' }, line),
      warn: (line) => logger.warn({ component: 'embedded-postgres' }, line),
    });
    logger.info({ port: config.EMBEDDED_PG_PORT, owned: embedded.owned }, 'using embedded Postgres');
    connectionString = embedded.connectionString;
    stopEmbedded = embedded.stop;
  }
  const handle = connectDatabase(connectionString, { applicationName });
  await migrateDatabase(handle);
  logger.info('database migrations applied');
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await stopEmbedded();
    },
  };
}
