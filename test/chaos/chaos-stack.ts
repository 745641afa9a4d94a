import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli } from '../../infra/temporal/binaries';
import { startTemporalDevServer, type RunningDevServer } from '../../infra/temporal/dev-server';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { TRADE_SEARCH_ATTRIBUTES } from '../../workflows/definitions/search-attributes';
import type { TestDatabase } from '../helpers/postgres';
import { startEntryPoint, type RunningProcess } from '../helpers/processes';
import { createTradingDatabase } from '../helpers/trading-database';
import { RECONCILER_WORKFLOW } from '../../workflows/definitions/reconciler';
import { startDelayingProxy, type DelayingProxy } from '../helpers/delaying-proxy';

/** The worker process's default orchestration task queue. */
export const TASK_QUEUE = 'orchestration';

export interface ChaosStack {
  database: DatabaseHandle;
  sim: VenueSimulator;
  /** Between the worker and the simulator. */
  proxy: DelayingProxy;
  /** Straight to the simulator, for the test's own checks. */
  broker: OandaBroker;
  client: Client;
  /** Starts the compiled orchestration worker (talking to the venue through the proxy) and waits until it runs. */
  startWorker(): Promise<void>;
  /** SIGKILL: no shutdown, no in-flight task finishes. */
  killWorker(): Promise<void>;
  sql(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Running workflows but the accounts' reconcilers, which never end. */
  runningWorkflows(): Promise<string[]>;
}

/**
 * For a chaos test file: a Temporal dev server, a fresh database, the simulator behind a delaying proxy and the real
 * worker process (`env` adds to its environment), set up in beforeAll (the worker started once) and torn down in afterAll.
 */
export function useChaosStack(label: string, seed: number, env: Record<string, string> = {}): ChaosStack {
  let temporalDir: string;
  let temporal: RunningDevServer;
  let testDatabase: TestDatabase;
  let worker: RunningProcess | undefined;
  let workerEnv: Record<string, string>;
  const stack = {} as ChaosStack;

  stack.startWorker = async () => {
    const started = startEntryPoint('worker', 'workers/orchestration', workerEnv);
    worker = started;
    await waitFor('the worker to run', async () => (started.output().includes('orchestration worker running') ? true : undefined), 90_000);
  };
  stack.killWorker = async () => {
    worker!.child.kill('SIGKILL');
    await worker!.exited;
  };
  stack.sql = async (text, values = []) => (await stack.database.pool.query(text, values)).rows;
  stack.runningWorkflows = async () => {
    const ids: string[] = [];
    for await (const execution of stack.client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      if (execution.type !== RECONCILER_WORKFLOW) ids.push(execution.workflowId);
    }
    return ids;
  };

  beforeAll(async () => {
    temporalDir = await mkdtemp(join(tmpdir(), `${label}-temporal-`));
    temporal = await startTemporalDevServer({
      cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null, searchAttributes: TRADE_SEARCH_ATTRIBUTES,
    });
    let database: DatabaseHandle;
    ({ testDatabase, database } = await createTradingDatabase(label));
    stack.database = database;
    stack.sim = await startVenueSimulator({ port: 0, seed });
    stack.proxy = await startDelayingProxy(stack.sim.url);
    stack.broker = createBroker(loadConfig({ BROKER_URL: stack.sim.url }).broker);
    stack.client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    workerEnv = {
      DATABASE_URL: testDatabase.url, TEMPORAL_ADDRESS: temporal.address, WORKER_METRICS_PORT: String(await findFreePort()),
      BROKER_URL: stack.proxy.url, SCHEDULES_ENABLED: 'false', RISK_MONITOR_ENABLED: 'false', MAX_ORDER_NOTIONAL_USD: '200000',
      // The tests open positions at the venue directly: the reconciler settles orders here but leaves trading alone.
      RECONCILIATION_MISMATCH_TRIPS_TO: 'OFF',
      ...env,
    };
    await stack.startWorker();
  });

  afterAll(async () => {
    await worker?.stop();
    stack.broker?.close();
    await stack.proxy?.close();
    await stack.sim?.close();
    await stack.client?.connection.close();
    await stack.database?.close();
    await testDatabase?.drop();
    await temporal?.stop();
    await rm(temporalDir, { recursive: true, force: true });
  });

  return stack;
}
