import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../infra/auth/api-key-secret';
import type { DatabaseHandle } from '../../infra/db/client';
import { projectRoot } from '../../infra/paths';
import { runCommand } from '../../infra/temporal/run-command';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase } from '../helpers/trading-database';

/** The compiled `bin/admin` against a real database: keys made, listed and revoked, each audited; bad use exits 2. */
describe('bin/admin keys', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let outDir: string;

  const admin = (...args: string[]) => runCommand(process.execPath, [join(projectRoot(), 'dist', 'infra', 'admin', 'main.js'), ...args], {
    env: { ...process.env, DATABASE_URL: testDatabase.url },
  });
  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('admin_cli'));
    outDir = await mkdtemp(join(tmpdir(), 'admin-cli-'));
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await database?.close();
    await testDatabase?.drop();
  });

  it('creates a key it shows once and stores only as a hash, lists it, and revokes it, auditing each change', async () => {
    const created = await admin('keys', 'create', '--name', 'ops', '--role', 'trader');
    expect(created.exitCode).toBe(0);
    const key = /tok_[A-Za-z0-9_-]+/.exec(created.output)?.[0];
    expect(key).toBeDefined();
    expect(await sql(`select role, key_hash, revoked_at from api_keys where name = 'ops'`)).toEqual([{ role: 'trader', key_hash: hashApiKey(key!), revoked_at: null }]);

    const out = join(outDir, 'viewer-key');
    expect((await admin('keys', 'create', '--name', 'watcher', '--role', 'viewer', '--out', out)).exitCode).toBe(0);
    expect(((await stat(out)).mode & 0o777).toString(8)).toBe('600');
    expect(await sql('select name from api_keys where key_hash = $1', [hashApiKey((await readFile(out, 'utf8')).trim())])).toEqual([{ name: 'watcher' }]);

    const listed = await admin('keys', 'list');
    expect(listed.exitCode).toBe(0);
    expect(listed.output).toMatch(/^ops\s+trader\s+tok_/m);
    expect(listed.output).not.toContain(key);

    expect((await admin('keys', 'revoke', '--name', 'ops')).exitCode).toBe(0);
    expect((await admin('keys', 'list')).output).toMatch(/^ops\s+trader.*REVOKED/m);
    const audit = await sql(`select action, actor from audit_events where action like 'api_key.%' order by id`);
    expect(audit.map((row) => row.action)).toEqual(['api_key.created', 'api_key.created', 'api_key.revoked']);
    expect(audit.every((row) => String(row.actor).startsWith('cli:'))).toBe(true);
  });

  it('refuses bad use with exit 2 and a reason, and changes nothing', async () => {
    const before = await sql('select count(*)::int as n from api_keys');
    const refusals: Array<[string[], RegExp]> = [
      [['keys', 'create', '--name', 'x', '--role', 'root'], /--role must be one of viewer, trader, admin/],
      [['keys', 'create', '--name', 'bad name', '--role', 'viewer'], /--name is required/],
      [['keys', 'create', '--name', 'watcher', '--role', 'viewer'], /watcher/],
      [['keys', 'revoke', '--name', 'nobody'], /no live key named nobody/],
      [['keys', 'create', '--name', 'again', '--role', 'viewer', '--out', join(outDir, 'viewer-key')], /exists: a key is written only to a new file/],
      [['keys', 'rotate', '--name', 'watcher'], /unknown command keys rotate/],
      [['users'], /Usage: bin\/admin keys/],
    ];
    for (const [args, message] of refusals) {
      const result = await admin(...args);
      expect({ args, exitCode: result.exitCode }).toEqual({ args, exitCode: 2 });
      expect(result.output).toMatch(message);
    }
    expect(await sql('select count(*)::int as n from api_keys')).toEqual(before);
  });
});
