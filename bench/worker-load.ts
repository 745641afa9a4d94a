/**
 * The worker under load (not a test), one worker configuration after another: for each, bin/start's whole stack (every
 * port a free one, state under .data/bench-worker-load), then CONCURRENCY clients starting 3-instrument
 * analysis-to-trade runs (execute: false) through the REST api and waiting for each, for DURATION_SECONDS. Figures per
 * configuration: completed runs per second, latency through the api (p50/p99), and the orchestration worker's RSS,
 * read from its own /metrics every second. Reported, never asserted. Writes bench/results/worker-load.json.
 *
 *   npm run bench:worker-load            (BENCH_DURATION_SECONDS=45, BENCH_CONCURRENCY=8 by default)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { quantile } from '../domain/math/statistics';
import { residentMb, startBenchStack } from './lib/bench-stack';
import { recordBenchResults } from './lib/record-results';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 45);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const INSTRUMENTS = ['EUR_USD', 'GBP_USD', 'USD_JPY'];

/** Worker settings compared side by side; the SDK's defaults first. */
const CONFIGURATIONS: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'SDK defaults (40 workflow tasks, 10 polls, 100 activities)', env: {} },
  { name: 'tight (8 workflow tasks, 4 polls, 16 activities)', env: { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_WORKFLOW_TASK_POLLS: '4', WORKER_MAX_CONCURRENT_ACTIVITIES: '16' } },
  { name: 'wide (100 workflow tasks, 50 polls, 200 activities)', env: { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100', WORKER_WORKFLOW_TASK_POLLS: '50', WORKER_MAX_CONCURRENT_ACTIVITIES: '200' } },
];

const round = (value: number) => Math.round(value * 10) / 10;

async function measure(settings: Record<string, string>) {
  const { stack, config, stop } = await startBenchStack('bench-worker-load', settings, CONFIGURATIONS.flatMap((configuration) => Object.keys(configuration.env)));
  try {
    const metricsUrl = stack.urls.workerMetrics;
    const rssAtStart = await residentMb(metricsUrl);
    const rss: number[] = [];
    const sampler = setInterval(() => void residentMb(metricsUrl).then((mb) => rss.push(mb), () => undefined), 1000);
    const latencyMs: number[] = [];
    let failed = 0;
    const endsAt = Date.now() + DURATION_SECONDS * 1000;
    const client = async () => {
      while (Date.now() < endsAt) {
        const startedAt = performance.now();
        const response = await fetch(`${stack.urls.api}/api/workflows/analysis-to-trade?wait=true`, {
          method: 'POST',
          headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ accountId: config.broker.accountId, instruments: INSTRUMENTS, strategy: { name: 'ma-crossover' }, execute: false }),
        });
        const body = await response.text();
        if (response.ok && !body.includes('"status":"failed"')) latencyMs.push(performance.now() - startedAt);
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    clearInterval(sampler);
    return {
      runsCompleted: latencyMs.length,
      runsFailed: failed,
      runsPerSecond: round(latencyMs.length / DURATION_SECONDS),
      latencyMs: { p50: round(quantile(latencyMs, 0.5)), p99: round(quantile(latencyMs, 0.99)) },
      workerRssMb: { atStart: round(rssAtStart), p50: round(quantile(rss, 0.5)), max: round(Math.max(...rss)) },
      loadAverage1m: round(loadavg()[0]!),
    };
  } finally {
    await stop();
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const configuration of CONFIGURATIONS) {
    results.push({ configuration: configuration.name, settings: configuration.env, ...await measure(configuration.env) });
    console.log(JSON.stringify(results.at(-1)));
  }
  const figures = {
    benchmark: 'worker-load',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30), node: process.version },
    setup: { durationSeconds: DURATION_SECONDS, concurrency: CONCURRENCY, instruments: INSTRUMENTS, execute: false, stack: 'bin/start (embedded Postgres, dev server, simulator, worker, api, hot path)' },
    results,
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(`recorded in ${recordBenchResults('worker-load', figures)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
