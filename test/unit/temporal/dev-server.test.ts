import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { findFreePort } from '../../../infra/net/free-port';
import { devServerArgs, isTemporalAnswering, startTemporalDevServer } from '../../../infra/temporal/dev-server';
import { makeTempDir, writeFakeExecutable } from './fake-executables';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('devServerArgs', () => {
  const base = { dataDir: '/srv/temporal', ip: '127.0.0.1', port: 7233, namespace: 'default' };

  it('puts the SQLite store in the data dir in WAL mode, serves the UI on its port and keeps the log at warn', () => {
    expect(devServerArgs({ ...base, uiPort: 8233 })).toEqual([
      'server', 'start-dev', '--db-filename', '/srv/temporal/temporal.db', '--ip', '127.0.0.1', '--port', '7233',
      '--ui-port', '8233', '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal', '--log-level', 'warn',
    ]);
    expect(devServerArgs({ ...base, sqlitePragmas: {} })).not.toContain('--sqlite-pragma');
  });

  it.each([0, null, undefined])('runs headless when uiPort is %p', (uiPort) => {
    expect(devServerArgs({ ...base, uiPort })).toContain('--headless');
    expect(devServerArgs({ ...base, uiPort })).not.toContain('--ui-port');
  });

  it('creates a non-default namespace and registers each search attribute', () => {
    const args = devServerArgs({ ...base, namespace: 'trading', uiPort: 8233, searchAttributes: { Instrument: 'Keyword', StrategyVersion: 'Int' } });

    expect(args.join(' ')).toContain('--namespace trading --search-attribute Instrument=Keyword --search-attribute StrategyVersion=Int');
  });

  it('rejects a search attribute name the server would refuse', () => {
    expect(() => devServerArgs({ ...base, searchAttributes: { 'strategy-id': 'Keyword' } })).toThrow('Search attribute name "strategy-id" is not an identifier');
  });
});

describe('startTemporalDevServer failures', () => {
  let tempDir: string;

  beforeEach(async () => {
    tempDir = await makeTempDir('dev-server-unit-');
  });

  afterEach(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('reports an early exit with the tail of the server log', async () => {
    const cliPath = await writeFakeExecutable(join(tempDir, 'temporal'), 'echo "listen tcp: bind: permission denied" >&2\nexit 3\n');

    await expect(startTemporalDevServer({ cliPath, dataDir: join(tempDir, 'data'), port: await findFreePort(), uiPort: null }))
      .rejects.toThrow(/exited with code 3 before it answered on 127\.0\.0\.1:\d+\. Log .*temporal-server\.log:\n[\s\S]*listen tcp: bind: permission denied/);
  });

  it('refuses a gRPC port that is already taken, pointing at reuse', async () => {
    const occupied: Server = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    const port = (occupied.address() as { port: number }).port;
    try {
      await expect(startTemporalDevServer({ cliPath: '/nonexistent/temporal', dataDir: join(tempDir, 'data'), port, uiPort: null }))
        .rejects.toThrow(`the gRPC port 127.0.0.1:${port} is already in use (if a Temporal server is answering there, reuse it: see isTemporalAnswering)`);
    } finally {
      await new Promise((resolve) => occupied.close(resolve));
    }
  });

  it('gives up after readyTimeoutMs and kills a server that ignores SIGTERM', async () => {
    const pidFile = join(tempDir, 'pid');
    const cliPath = await writeFakeExecutable(join(tempDir, 'temporal'), `trap '' TERM\necho $$ > ${pidFile}\nwhile :; do sleep 0.1; done\n`);
    const logFile = join(tempDir, 'logs', 'server.log');

    await expect(startTemporalDevServer({ cliPath, dataDir: join(tempDir, 'data'), port: await findFreePort(), uiPort: null, logFile, readyTimeoutMs: 500, stopGraceMs: 300 }))
      .rejects.toThrow(/did not answer on 127\.0\.0\.1:\d+ within 500 ms/);

    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(isProcessAlive(pid)).toBe(false);
    expect(await readFile(logFile, 'utf8')).toContain(`${cliPath} server start-dev --db-filename ${join(tempDir, 'data', 'temporal.db')}`);
  });

  it('sees no Temporal where nothing listens', async () => {
    await expect(isTemporalAnswering(`127.0.0.1:${await findFreePort()}`)).resolves.toBe(false);
  });
});
