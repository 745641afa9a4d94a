import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { findFreePort } from '../../infra/net/free-port';
import { ensureSearchAttributes } from '../../infra/orchestration/search-attributes';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli } from '../../infra/temporal/binaries';
import { startTemporalDevServer, type RunningDevServer } from '../../infra/temporal/dev-server';

jest.setTimeout(60_000);

describe('ensureSearchAttributes on a real Temporal server', () => {
  let dir: string;
  let server: RunningDevServer;
  let connection: Connection;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'search-attributes-'));
    server = await startTemporalDevServer({ cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: dir, port: await findFreePort(), uiPort: null });
    connection = await Connection.connect({ address: server.address });
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers what is missing, once, and then leaves it alone', async () => {
    const wanted = { OrderOutcome: 'Keyword', OrderInstruments: 'KeywordList', OrderScore: 'Double' } as const;
    expect((await ensureSearchAttributes(connection, 'default', wanted)).sort()).toEqual(['OrderInstruments', 'OrderOutcome', 'OrderScore']);
    expect(await ensureSearchAttributes(connection, 'default', wanted)).toEqual([]);
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(listed.customAttributes).toMatchObject({ OrderOutcome: 2, OrderInstruments: 7, OrderScore: 4 });
  });

  it('refuses an attribute already registered with another type, naming it', async () => {
    await expect(ensureSearchAttributes(connection, 'default', { OrderScore: 'Keyword' })).rejects.toThrow(/OrderScore .* another type than Keyword/);
  });
});
