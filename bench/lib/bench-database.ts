import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { startEmbeddedPostgres } from '../../infra/db/embedded-postgres';
import { migrateDatabase } from '../../infra/db/migrate';
import { upsertAccount } from '../../infra/db/queries/accounts';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';

/**
 * A fresh, migrated database for one benchmark run: on DATABASE_URL's server, or (unset) on an embedded Postgres
 * under .data/bench-postgres started for the run. `drop()` removes the database and stops what the run started.
 */
export async function openBenchDatabase(label: string, options: { maxConnections: number; simAccountId?: string }): Promise<{ database: DatabaseHandle; url: string; drop(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async (): Promise<void> => undefined;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: join(projectRoot(), '.data', 'bench-postgres'), port: await findFreePort() });
    serverUrl = embedded.adminConnectionString;
    stopServer = embedded.stop;
  }
  const name = `bench_${label}_${Date.now()}`;
  const run = async (sql: string) => {
    const admin = new PgClient({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = connectDatabase(url.toString(), { maxConnections: options.maxConnections });
  await migrateDatabase(database);
  if (options.simAccountId) await upsertAccount(database.db, { id: options.simAccountId, venue: 'sim', openingBalance: 100_000 });
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await run(`drop database if exists ${name} with (force)`);
      await stopServer();
    },
  };
}
