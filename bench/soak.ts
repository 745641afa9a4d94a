/**
 * Soak (not a test, minutes to hours): bin/start's whole stack with the hot path trading on its own and an
 * analysis-to-trade that executes every ANALYSIS_SECONDS, for BENCH_SOAK_MINUTES. Every SAMPLE_SECONDS it records each
 * process's resident memory (worker, api, hot path: from their /metrics), the database and each table, and the
 * local stores' files (GET /api/system/storage). It reports each series' start, end and least-squares slope per hour,
 * so a leak or unbounded growth shows as a number. Reported, never asserted. Writes bench/results/soak.json.
 *
 *   npm run bench:soak            (BENCH_SOAK_MINUTES=30 by default)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../infra/async/wait-for';
import { residentMb, startBenchStack } from './lib/bench-stack';
import { recordBenchResults } from './lib/record-results';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
const ANALYSIS_SECONDS = 10;
const SAMPLE_SECONDS = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 30);
/** The hot path trades EUR_USD and USD_JPY; the workflow trades another instrument. */
const WORKFLOW_INSTRUMENTS = ['GBP_USD'];

interface StorageAnswer {
  database: { bytes: number; tables: Array<{ table: string; bytes: number; rowsEstimate: number }> };
  localFiles: Array<{ store: string; file: string; bytes: number }>;
}

/** Least-squares slope of value over time, per hour. */
function slopePerHour(points: Array<{ atMs: number; value: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanT = points.reduce((sum, point) => sum + point.atMs, 0) / n;
  const meanV = points.reduce((sum, point) => sum + point.value, 0) / n;
  const covariance = points.reduce((sum, point) => sum + (point.atMs - meanT) * (point.value - meanV), 0);
  const variance = points.reduce((sum, point) => sum + (point.atMs - meanT) ** 2, 0);
  return variance === 0 ? 0 : (covariance / variance) * 3_600_000;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const { stack, config, stop } = await startBenchStack('bench-soak');
  const auth = { authorization: `Bearer ${stack.apiKey}` };
  const series = new Map<string, Array<{ atMs: number; value: number }>>();
  const record = (name: string, atMs: number, value: number) => series.set(name, [...(series.get(name) ?? []), { atMs, value }]);
  const runs = { completed: 0, failed: 0 };
  const loads: number[] = [];
  try {
    const hotPathStatus = stack.urls.hotPathStatus;
    if (hotPathStatus) await waitFor('the hot path to listen', async () => ((await fetch(hotPathStatus).catch(() => undefined))?.ok ? true : undefined), 120_000);
    const endsAt = Date.now() + MINUTES * 60_000;
    const analyses = (async () => {
      while (Date.now() < endsAt) {
        const next = Date.now() + ANALYSIS_SECONDS * 1000;
        const response = await fetch(`${stack.urls.api}/api/workflows/analysis-to-trade?wait=true`, {
          method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ accountId: config.broker.accountId, instruments: WORKFLOW_INSTRUMENTS, strategy: { name: 'ma-crossover' }, execute: true }),
        }).catch(() => undefined);
        const body = await response?.text();
        if (response?.ok && !body?.includes('"status":"failed"')) runs.completed++;
        else runs.failed++;
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
    const sampling = (async () => {
      while (Date.now() < endsAt) {
        const atMs = Date.now();
        record('worker rss MB', atMs, await residentMb(stack.urls.workerMetrics));
        record('api rss MB', atMs, await residentMb(`${stack.urls.api}/metrics`, auth));
        if (stack.urls.hotPathStatus) record('hot path rss MB', atMs, await residentMb(stack.urls.hotPathStatus.replace(/\/status$/, '/metrics')));
        const storage = (await (await fetch(`${stack.urls.api}/api/system/storage`, { headers: auth })).json()) as StorageAnswer;
        record('database MB', atMs, storage.database.bytes / 2 ** 20);
        for (const table of storage.database.tables) record(`table ${table.table} MB`, atMs, table.bytes / 2 ** 20);
        for (const store of new Set(storage.localFiles.map((file) => file.store))) {
          record(`store ${store} MB`, atMs, storage.localFiles.filter((file) => file.store === store).reduce((sum, file) => sum + file.bytes, 0) / 2 ** 20);
        }
        loads.push(loadavg()[0]!);
        await sleep(Math.max(0, atMs + SAMPLE_SECONDS * 1000 - Date.now()));
      }
    })();
    await Promise.all([analyses, sampling]);
    const hotPath = stack.urls.hotPathStatus ? await (await fetch(stack.urls.hotPathStatus)).json() as { instruments: Array<{ instrument: string; decisions: Record<string, number> }> } : undefined;
    const figures = {
      benchmark: 'soak',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30), node: process.version, loadAverage1m: { min: round(Math.min(...loads), 2), max: round(Math.max(...loads), 2) } },
      setup: { minutes: MINUTES, analysisEverySeconds: ANALYSIS_SECONDS, sampleEverySeconds: SAMPLE_SECONDS, workflowInstruments: WORKFLOW_INSTRUMENTS, stack: 'bin/start defaults (hot path trading on the simulator)' },
      analysisToTrade: runs,
      hotPathDecisions: Object.fromEntries((hotPath?.instruments ?? []).map((entry) => [entry.instrument, entry.decisions])),
      series: Object.fromEntries([...series].map(([name, points]) => [name, {
        start: round(points[0]!.value, 2), end: round(points.at(-1)!.value, 2), slopePerHour: round(slopePerHour(points), 2), samples: points.length,
      }])),
    };
    console.log(JSON.stringify(figures, null, 2));
    console.log(`recorded in ${recordBenchResults('soak', figures)}`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
