/**
 * Api list benchmark (not a test): `GET /api/orders?limit=50` against the compiled api process, side by side with
 * `GET /health` (the framework's floor: no credentials, no database) in one run. Reported, never asserted.
 *
 *   npm run bench:api-orders                (DATABASE_URL=postgres://… to use that server; unset = embedded Postgres)
 *
 * The database holds ORDERS orders; autocannon (in this process) keeps CONNECTIONS requests in flight for
 * DURATION_SECONDS per endpoint, after a warm-up. Figures: requests per second, latency p50/p99, the api process's CPU
 * milliseconds per request (from /proc), its RSS, and the CPU milliseconds per request of the api's Postgres backends
 * (from /proc too: the server runs on this machine, embedded or not). The api's rate limits are raised for the run: at their defaults
 * one identity gets 10 requests a second. Writes bench/results/api-orders.json.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { waitFor } from '../infra/async/wait-for';
import { issueApiKey } from '../infra/auth/issue-api-key';
import { findFreePort } from '../infra/net/free-port';
import { spawnEntryPoint } from '../infra/process/entry-point';
import { openBenchDatabase } from './lib/bench-database';
import { recordBenchResults } from './lib/record-results';

const ORDERS = 20_000;
const CONNECTIONS = 32;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in milliseconds (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1000;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

async function main(): Promise<void> {
  const { database, url, drop } = await openBenchDatabase('api_orders', { maxConnections: 2, simAccountId: '101-001-0000001-001' });
  await database.pool.query(`
    insert into orders (client_order_id, account_id, instrument, units, type, source, status, broker_order_id, filled_units, fill_price, strategy, details, created_at, updated_at)
    select 'bench-' || n, '101-001-0000001-001', (array['EUR_USD','GBP_USD','USD_JPY'])[1 + n % 3], 1000 * (1 + n % 50), 'MARKET',
           (array['workflow','hot_path'])[1 + n % 2], 'filled', n::text, 1000 * (1 + n % 50), 1.1 + n % 100 / 10000.0, 'ma-crossover',
           jsonb_build_object('signal', jsonb_build_object('direction', 1, 'confidence', 0.7)), now() - n * interval '1 second', now() - n * interval '1 second'
    from generate_series(1, ${ORDERS}) as n`);
  const apiKey = await issueApiKey(database.db, { name: 'bench', role: 'viewer' }, 'bench');
  const port = await findFreePort();
  const api = spawnEntryPoint('api', 'api/main', {
    PATH: process.env.PATH ?? '', DATABASE_URL: url, API_PORT: String(port), TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}`,
    LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '1000000', API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
  }, () => undefined);
  const base = `http://127.0.0.1:${port}`;
  const loads = [loadavg()[0]!];
  try {
    await waitFor('the api to listen', async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 60_000);
    const pid = api.child.pid!;
    const endpoints = [
      { name: 'GET /health', path: '/health', headers: {} },
      { name: 'GET /api/orders?limit=50', path: '/api/orders?limit=50', headers: { authorization: `Bearer ${apiKey}` } },
    ];
    const results = [];
    const backendsCpuMs = async () => {
      const { rows } = await database.pool.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and application_name = 'api'`);
      return rows.reduce((sum, row) => sum + cpuMs(row.pid), 0);
    };
    for (const endpoint of endpoints) {
      const run = (duration: number) => autocannon({ url: `${base}${endpoint.path}`, connections: CONNECTIONS, duration, headers: endpoint.headers });
      await run(2); // warm-up: JIT, pool connections, the key cache
      const [cpuBefore, databaseCpuBefore] = [cpuMs(pid), await backendsCpuMs()];
      const measured = await run(DURATION_SECONDS);
      const perRequest = (ms: number) => Math.round((ms / measured.requests.total) * 1000) / 1000;
      if (measured.non2xx > 0 || measured.errors > 0) throw new Error(`${endpoint.name}: ${measured.non2xx} non-2xx answers, ${measured.errors} errors`);
      results.push({
        endpoint: endpoint.name,
        requestsPerSecond: Math.round(measured.requests.average),
        latencyMs: { p50: measured.latency.p50, p99: measured.latency.p99 },
        apiCpuMsPerRequest: perRequest(cpuMs(pid) - cpuBefore),
        databaseCpuMsPerRequest: perRequest(await backendsCpuMs() - databaseCpuBefore),
        apiRssMb: rssMb(pid),
      });
      loads.push(loadavg()[0]!);
    }
    const figures = {
      benchmark: 'api-orders',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, node: process.version, loadAverage1m: loads.map((load) => Math.round(load * 100) / 100) },
      setup: { orders: ORDERS, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, loadGenerator: 'autocannon in the bench process, the api in its own', database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded Postgres' },
      results,
    };
    console.log(JSON.stringify(figures, null, 2));
    console.log(`recorded in ${recordBenchResults('api-orders', figures)}`);
  } finally {
    await api.stop();
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
