import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../infra/db/embedded-postgres';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli, ensureTestServer } from '../../infra/temporal/binaries';

declare global {
  var __testPostgres: { server: RunningPostgres; dataDir: string } | undefined;
}

const RUNS_DIR = join(projectRoot(), '.data', 'test-postgres');

/**
 * Once per jest run, before any test file: install the Temporal binaries (so parallel test files never race to
 * install them) and, unless TEST_DATABASE_URL points at a server, start an embedded Postgres of this run's own (its
 * own port and data dir, so two jest runs side by side never stop each other's server). Test files create their
 * own databases on it (test/helpers/postgres.ts).
 */
export default async function globalSetup(): Promise<void> {
  const root = projectRoot();
  await ensureTemporalCli({ projectRoot: root });
  await ensureTestServer({ projectRoot: root });
  if (process.env.TEST_DATABASE_URL) return;
  await removeDirsOfFinishedRuns();
  const dataDir = join(RUNS_DIR, `run-${process.pid}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    warn: (line) => console.warn(line),
  });
  globalThis.__testPostgres = { server, dataDir };
  process.env.TEST_DATABASE_URL = server.adminConnectionString;
}

/** A run that crashed before its teardown leaves its data dir behind: remove those whose process is gone. */
async function removeDirsOfFinishedRuns(): Promise<void> {
  const entries = await readdir(RUNS_DIR).catch(() => [] as string[]);
  for (const entry of entries) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (pid && !isAlive(pid)) await rm(join(RUNS_DIR, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
