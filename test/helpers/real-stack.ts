import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { waitFor } from '../../infra/async/wait-for';
import type { DatabaseHandle } from '../../infra/db/client';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli } from '../../infra/temporal/binaries';
import { startTemporalDevServer, type RunningDevServer } from '../../infra/temporal/dev-server';
import { startVenueSimulator, type VenueSimulator, type VenueSimulatorOptions } from '../../infra/venue-sim';
import { TRADE_SEARCH_ATTRIBUTES } from '../../workflows/definitions/search-attributes';
import type { TestDatabase } from './postgres';
import { startEntryPoint, type RunningProcess } from './processes';
import { bearer, issueTestKey } from './api-keys';
import { createTradingDatabase } from './trading-database';

export interface RealStack {
  temporal: RunningDevServer;
  sim: VenueSimulator;
  database: DatabaseHandle;
  client: Client;
  apiUrl: string;
  worker: RunningProcess;
  api: RunningProcess;
  /** The environment the worker and api run with; a hot path started by the test takes it too. */
  env: Record<string, string>;
  /** An admin api key (named `test-admin`), and fetch on the api with it. */
  apiKey: string;
  fetchApi(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** SIGKILL: no shutdown, no in-flight task finishes. */
  killWorker(): Promise<void>;
  /** A new worker process, once it runs. */
  restartWorker(): Promise<void>;
  /** Stops and removes everything, in reverse order. */
  stop(): Promise<void>;
}

/**
 * The product with real parts only, for tests that drive it through the REST api: a Temporal dev server (with the
 * trading search attributes), a fresh trading database, the in-process venue simulator, and the compiled worker and
 * api processes; `env` adds to or overrides the processes' environment, `sim` sets the simulator's clock (e.g. a
 * market running faster) and market hours.
 */
export async function startRealStack(
  label: string,
  options: { seed: number; env?: Record<string, string>; sim?: Pick<VenueSimulatorOptions, 'clock' | 'virtualClock' | 'marketHours'> },
): Promise<RealStack> {
  // Laid out as bin/start lays out DATA_DIR, so the worker reports the Temporal store's files as it would there.
  const stackDir = await mkdtemp(join(tmpdir(), `${label}-stack-`));
  const temporalDir = join(stackDir, 'temporal');
  const temporal = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }),
    dataDir: temporalDir,
    port: await findFreePort(),
    uiPort: null,
    searchAttributes: TRADE_SEARCH_ATTRIBUTES,
  });
  const { testDatabase, database }: { testDatabase: TestDatabase; database: DatabaseHandle } = await createTradingDatabase(label);
  const apiKey = await issueTestKey(database.db, 'test-admin');
  const sim = await startVenueSimulator({ port: 0, seed: options.seed, ...options.sim });
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const apiPort = await findFreePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env = {
    DATABASE_URL: testDatabase.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    API_PORT: String(apiPort),
    WORKER_METRICS_PORT: String(await findFreePort()),
    BROKER_URL: sim.url,
    DATA_DIR: stackDir,
    ...options.env,
  };
  const worker = startEntryPoint('worker', 'workers/orchestration', env);
  const api = startEntryPoint('api', 'api/main', env);
  await waitFor('the api to be ready', async () => ((await fetch(`${apiUrl}/ready`)).status === 200 ? true : undefined), 90_000);
  const stack: RealStack = {
    temporal, sim, database, client, apiUrl, worker, api, env, apiKey,
    fetchApi: (path, init = {}) => fetch(`${apiUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...bearer(apiKey), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
    async killWorker() {
      stack.worker.child.kill('SIGKILL');
      await stack.worker.exited;
    },
    async restartWorker() {
      const restarted = startEntryPoint('worker', 'workers/orchestration', env);
      stack.worker = restarted;
      await waitFor('the restarted worker to run', async () => (restarted.output().includes('orchestration worker running') ? true : undefined), 90_000);
    },
    async stop() {
      await Promise.all([api.stop(), stack.worker.stop()]);
      await sim.close();
      await client.connection.close();
      await database.close();
      await testDatabase.drop();
      await temporal.stop();
      await rm(stackDir, { recursive: true, force: true });
    },
  };
  return stack;
}
