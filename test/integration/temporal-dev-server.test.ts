import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, WorkflowClient } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { findFreePort, isPortFree } from '../../infra/net/free-port';
import { ensureTemporalCli } from '../../infra/temporal/binaries';
import { isTemporalAnswering, startTemporalDevServer } from '../../infra/temporal/dev-server';
import type { DevServerOptions, RunningDevServer } from '../../infra/temporal/dev-server';
import { findProjectRoot } from '../../infra/project-root';

const NAMESPACE = 'trade-orchestrator-test';
const INSTRUMENT_KEY = defineSearchAttributeKey('Instrument', SearchAttributeType.KEYWORD);
const WORKFLOW_ID = 'survives-a-restart';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withClient<T>(server: RunningDevServer, use: (connection: Connection, client: WorkflowClient) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    return await use(connection, new WorkflowClient({ connection, namespace: server.namespace }));
  } finally {
    await connection.close();
  }
}

describe('startTemporalDevServer', () => {
  let tempDirs: string[] = [];
  let options: Omit<DevServerOptions, 'dataDir'>;
  let server: RunningDevServer | undefined;

  async function freshDataDir(): Promise<string> {
    const dataDir = await mkdtemp(join(tmpdir(), 'temporal-dev-server-'));
    tempDirs.push(dataDir);
    return dataDir;
  }

  beforeAll(async () => {
    const port = await findFreePort();
    let uiPort = await findFreePort();
    while (uiPort === port) uiPort = await findFreePort();
    const cliPath = await ensureTemporalCli({ projectRoot: findProjectRoot(__dirname) });
    options = { cliPath, port, uiPort, namespace: NAMESPACE, searchAttributes: { Instrument: 'Keyword', SignalScore: 'Double' } };
  }, 60_000);

  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    tempDirs = [];
  }, 20_000);

  it('serves the namespace, the search attributes and the Web UI, then stops cleanly and releases its ports', async () => {
    server = await startTemporalDevServer({ ...options, dataDir: await freshDataDir() });
    const running = server;
    expect(running.address).toBe(`127.0.0.1:${options.port}`);
    expect(running.uiUrl).toBe(`http://127.0.0.1:${options.uiPort}`);
    expect(await isTemporalAnswering(running.address, NAMESPACE)).toBe(true);
    expect(await isTemporalAnswering(running.address, 'no-such-namespace')).toBe(false);

    await withClient(running, async (connection) => {
      const described = await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
      expect(described.namespaceInfo?.name).toBe(NAMESPACE);
      const attributes = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
      expect(Object.keys(attributes.customAttributes ?? {})).toEqual(expect.arrayContaining(['Instrument', 'SignalScore']));
    });

    const ui = await fetch(running.uiUrl ?? '');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);

    await running.stop();
    server = undefined;
    // SIGTERM is enough for a clean shutdown: no SIGKILL was needed.
    await expect(running.whenExited).resolves.toBe('exited with code 0');
    await expect(running.stop()).resolves.toBeUndefined();
    expect(isProcessAlive(running.pid)).toBe(false);
    expect(await isPortFree(options.port ?? 0)).toBe(true);
    expect(await isPortFree(options.uiPort ?? 0)).toBe(true);
    expect(await isTemporalAnswering(running.address, NAMESPACE)).toBe(false);
  }, 60_000);

  it('keeps workflows across a restart on the same data dir (SQLite persistence)', async () => {
    const headless = { ...options, dataDir: await freshDataDir(), uiPort: null };
    server = await startTemporalDevServer(headless);
    expect(server.uiUrl).toBeUndefined();
    // No worker polls this queue, so the workflow simply stays open.
    await withClient(server, (_connection, client) => client.start('neverPolledWorkflow', {
      taskQueue: 'nobody-polls-this',
      workflowId: WORKFLOW_ID,
      typedSearchAttributes: [{ key: INSTRUMENT_KEY, value: 'EUR_USD' }],
    }));
    await server.stop();

    server = await startTemporalDevServer(headless);
    const description = await withClient(server, (_connection, client) => client.getHandle(WORKFLOW_ID).describe());

    expect(description.workflowId).toBe(WORKFLOW_ID);
    expect(description.type).toBe('neverPolledWorkflow');
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(INSTRUMENT_KEY)).toBe('EUR_USD');
  }, 60_000);
});
