import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../infra/db/embedded-postgres';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli, ensureTestServer } from '../../infra/temporal/binaries';

declare global {
  var __testPostgres: RunningPostgres | undefined;
}

/**
 * Once per jest run, before any test file: install the Temporal binaries (so parallel test files never race to
 * install them) and, unless TEST_DATABASE_URL points at a server, start an embedded Postgres for the tests.
 * Test files create their own databases on that server (test/helpers/postgres.ts).
 */
export default async function globalSetup(): Promise<void> {
  const root = projectRoot();
  await ensureTemporalCli({ projectRoot: root });
  await ensureTestServer({ projectRoot: root });
  if (process.env.TEST_DATABASE_URL) return;
  const postgres = await startEmbeddedPostgres({
    dataDir: join(root, '.data', 'test-postgres'),
    port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 5434),
    database: 'postgres',
    warn: (line) => console.warn(line),
  });
  globalThis.__testPostgres = postgres;
  process.env.TEST_DATABASE_URL = postgres.connectionString;
}
