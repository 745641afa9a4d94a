/**
 * Dev-server store benchmark (not a test): the Temporal dev server's SQLite store with its default pragmas against
 * the launcher's (DEV_SERVER_SQLITE_PRAGMAS: WAL, synchronous=normal), side by side in one run. Reported, never
 * asserted.
 *
 *   npm run bench:dev-server-store
 *
 * For each store, a fresh dev server and a worker in this process running a baseline workflow (three activities and
 * two local activities that do nothing): ROUNDS alternations of SEQUENTIAL runs one after another (latency) and
 * CONCURRENT_RUNS at concurrency CONCURRENCY (throughput), and the server process's CPU seconds per workflow.
 * Writes bench/results/dev-server-store.json.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { quantile } from '../domain/math/statistics';
import { findFreePort } from '../infra/net/free-port';
import { projectRoot } from '../infra/paths';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { DEV_SERVER_SQLITE_PRAGMAS, startTemporalDevServer, type RunningDevServer } from '../infra/temporal/dev-server';
import { baselineActivities } from './lib/baseline/activities';
import { recordBenchResults } from './lib/record-results';

const ROUNDS = 3;
const SEQUENTIAL = 40;
const CONCURRENT_RUNS = 160;
const CONCURRENCY = 16;
const TASK_QUEUE = 'bench-dev-server-store';
const STORES = { default: {}, launcher: DEV_SERVER_SQLITE_PRAGMAS } as const;
type Store = keyof typeof STORES;

const CLOCK_TICKS_PER_SECOND = 100;
/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

interface Running {
  server: RunningDevServer;
  dataDir: string;
  client: Client;
  worker: Worker;
  stopWorker: () => Promise<void>;
}

async function start(store: Store, cliPath: string): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), `bench-store-${store}-`));
  const server = await startTemporalDevServer({ cliPath, dataDir, port: await findFreePort(), uiPort: null, sqlitePragmas: STORES[store] });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({ connection, taskQueue: TASK_QUEUE, workflowsPath: require.resolve('./lib/baseline/workflow'), activities: baselineActivities });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  return {
    server, dataDir, client, worker,
    async stopWorker() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cliPath = await ensureTemporalCli({ projectRoot: projectRoot() });
  const running = { default: await start('default', cliPath), launcher: await start('launcher', cliPath) };
  const latencies: Record<Store, number[]> = { default: [], launcher: [] };
  const throughput: Record<Store, number[]> = { default: [], launcher: [] };
  const cpuPerWorkflowMs: Record<Store, number[]> = { default: [], launcher: [] };
  const loads: number[] = [];
  const run = (store: Store) => running[store].client.workflow.execute('baselineWorkflow', { taskQueue: TASK_QUEUE, workflowId: `baseline-${randomUUID()}` });
  try {
    for (const store of Object.keys(STORES) as Store[]) await run(store); // warm-up: bundles loaded, connections open
    for (let round = 0; round < ROUNDS; round++) {
      for (const store of Object.keys(STORES) as Store[]) {
        const pid = running[store].server.pid;
        const cpuBefore = cpuSeconds(pid);
        for (let index = 0; index < SEQUENTIAL; index++) {
          const startedAt = performance.now();
          await run(store);
          latencies[store].push(performance.now() - startedAt);
        }
        const startedAt = performance.now();
        let next = 0;
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
          while (next < CONCURRENT_RUNS) {
            next += 1;
            await run(store);
          }
        }));
        throughput[store].push(CONCURRENT_RUNS / ((performance.now() - startedAt) / 1000));
        cpuPerWorkflowMs[store].push(((cpuSeconds(pid) - cpuBefore) * 1000) / (SEQUENTIAL + CONCURRENT_RUNS));
        loads.push(loadavg()[0]!);
      }
    }
    const figures = (store: Store) => {
      const sorted = Float64Array.from(latencies[store]).sort();
      return {
        sequentialMs: { p50: Math.round(quantile(sorted, 0.5) * 10) / 10, p99: Math.round(quantile(sorted, 0.99) * 10) / 10, runs: sorted.length },
        completedPerSecondAtConcurrency16: Math.round(Math.max(...throughput[store]) * 10) / 10,
        serverCpuMsPerWorkflow: Math.round((cpuPerWorkflowMs[store].reduce((a, b) => a + b, 0) / ROUNDS) * 10) / 10,
      };
    };
    const results = {
      benchmark: 'dev-server-store',
      recordedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage1mDuringRuns: loads.map((load) => Math.round(load * 100) / 100) },
      workflow: 'baselineWorkflow: 3 activities + 2 local activities doing nothing',
      default: figures('default'),
      launcher: { pragmas: DEV_SERVER_SQLITE_PRAGMAS, ...figures('launcher') },
    };
    console.log(JSON.stringify(results, null, 2));
    console.log(`recorded in ${recordBenchResults('dev-server-store', results)}`);
  } finally {
    for (const store of Object.keys(STORES) as Store[]) {
      await running[store].stopWorker();
      await running[store].client.connection.close();
      await running[store].server.stop();
      await rm(running[store].dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
