/**
 * Worker memory under load (not a test): bin/start's whole stack (every port a free one, state under
 * .data/bench-worker-memory), then CONCURRENCY clients starting 3-instrument analysis-to-trade runs (execute: false)
 * through the REST api and waiting for each, for DURATION_SECONDS. The orchestration worker's RSS is read from its
 * own /metrics every second. Reported, never asserted. Writes bench/results/worker-memory.json.
 *
 *   npm run bench:worker-memory            (BENCH_DURATION_SECONDS=60, BENCH_CONCURRENCY=8 by default)
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { loadConfig } from '../infra/config';
import { startStack } from '../infra/dev-stack/stack';
import { findFreePort } from '../infra/net/free-port';
import { projectRoot } from '../infra/paths';
import { quantile } from '../domain/math/statistics';
import { recordBenchResults } from './lib/record-results';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const INSTRUMENTS = ['EUR_USD', 'GBP_USD', 'USD_JPY'];

async function workerRssMb(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((entry) => entry.startsWith('process_resident_memory_bytes'));
  if (!line) throw new Error(`no process_resident_memory_bytes at ${metricsUrl}`);
  return Number(line.split(' ').at(-1)) / 2 ** 20;
}

async function main(): Promise<void> {
  const dataDir = join(projectRoot(), '.data', 'bench-worker-memory');
  const [api, temporal, ui, sim, metrics, postgres, hotPath] = await Promise.all(Array.from({ length: 7 }, () => findFreePort()));
  // The stack's processes take their settings from this process's environment, as under bin/start.
  Object.assign(process.env, {
    DATA_DIR: dataDir, DATABASE_URL: '', API_PORT: String(api), TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
    TEMPORAL_UI_URL: `http://127.0.0.1:${ui}`, BROKER_URL: `http://127.0.0.1:${sim}`, WORKER_METRICS_PORT: String(metrics),
    EMBEDDED_PG_PORT: String(postgres), HOT_PATH_METRICS_PORT: String(hotPath), LOG_LEVEL: 'warn',
  });
  const config = loadConfig();
  const stack = await startStack(config, () => undefined);
  const loads = [loadavg()[0]!];
  try {
    const metricsUrl = stack.urls.workerMetrics;
    const rssAtStart = await workerRssMb(metricsUrl);
    const samples: number[] = [];
    const sampler = setInterval(() => void workerRssMb(metricsUrl).then((mb) => samples.push(mb), () => undefined), 1000);
    const outcomes = { completed: 0, failed: 0 };
    const endsAt = Date.now() + DURATION_SECONDS * 1000;
    const client = async () => {
      while (Date.now() < endsAt) {
        const response = await fetch(`${stack.urls.api}/api/workflows/analysis-to-trade?wait=true`, {
          method: 'POST',
          headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ accountId: config.broker.accountId, instruments: INSTRUMENTS, strategy: { name: 'ma-crossover' }, execute: false }),
        });
        const body = await response.text();
        if (response.ok && !body.includes('"status":"failed"')) outcomes.completed++;
        else outcomes.failed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    clearInterval(sampler);
    loads.push(loadavg()[0]!);
    const round = (value: number) => Math.round(value * 10) / 10;
    const figures = {
      benchmark: 'worker-memory',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30), node: process.version, loadAverage1m: loads.map(round) },
      setup: { durationSeconds: DURATION_SECONDS, concurrency: CONCURRENCY, instruments: INSTRUMENTS, execute: false, stack: 'bin/start (embedded Postgres, dev server, simulator, worker, api, hot path)' },
      results: {
        runsCompleted: outcomes.completed,
        runsFailed: outcomes.failed,
        runsPerSecond: round(outcomes.completed / DURATION_SECONDS),
        workerRssMb: { atStart: round(rssAtStart), p50: round(quantile(samples, 0.5)), max: round(Math.max(...samples)), atEnd: round(samples.at(-1) ?? rssAtStart) },
      },
    };
    console.log(JSON.stringify(figures, null, 2));
    console.log(`recorded in ${recordBenchResults('worker-memory', figures)}`);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
