/**
 * Workflow benchmark (not a test): end-to-end latency of analysisToTrade for one instrument with execute=true, the
 * sustained rate of completed workflows, and where a run's time goes (task routing, activities, workflow tasks).
 *
 *   npx tsc -p . && DATABASE_URL=postgres://… node dist/bench/workflows.js
 *
 * Everything is real: a Temporal dev server, Postgres (DATABASE_URL's server gets a fresh database; unset = the
 * embedded one under .data/bench-postgres), the venue simulator, and the orchestration + broker workers as the
 * worker process builds them, in this process. Writes bench/results/workflows.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { recordBenchResults } from './lib/record-results';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createActivities, createBrokerQueueActivities } from '../activities';
import { createAnalysisActivities } from '../activities/trading/analysis-activities';
import { quantile } from '../domain/math/statistics';
import { getStrategy } from '../domain/strategies';
import { createBroker } from '../infra/broker/create-broker';
import { loadConfig } from '../infra/config';
import { riskMonitorLimitsFrom } from '../infra/orchestration/risk-monitor-start';
import { openBenchDatabase } from './lib/bench-database';
import { findFreePort } from '../infra/net/free-port';
import { preTradeLimitsFrom } from '../infra/orchestration/trading-limits';
import { projectRoot } from '../infra/paths';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { startVenueSimulator } from '../infra/venue-sim';
import { analysisToTrade } from '../workflows';
import type { AnalysisToTradeInput } from '../workflows/definitions/analysis-to-trade';
import { TRADE_SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';
import { brokerTaskQueueFor } from '../workflows/definitions/task-queues';

const LATENCY_RUNS = 40;
const THROUGHPUT_RUNS = 120;
const THROUGHPUT_CONCURRENCY = 16;
const ACCOUNT_ID = '101-001-0000001-001';
const TASK_QUEUE = 'bench-orchestration';
const EventType = temporal.api.enums.v1.EventType;

const input = (execute: boolean, instrument = 'EUR_USD'): AnalysisToTradeInput => ({
  accountId: ACCOUNT_ID, instruments: [instrument], strategy: { name: 'ma-crossover', params: {} },
  granularity: 'M5', lookback: 150, execute, minConfidence: 0,
});

const ms = (time: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  Number(time?.seconds ?? 0) * 1000 + (time?.nanos ?? 0) / 1e6;
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const summary = (values: number[]) => ({
  p50: round(quantile(Float64Array.from(values).sort(), 0.5)),
  p99: round(quantile(Float64Array.from(values).sort(), 0.99)),
  mean: round(values.reduce((a, b) => a + b, 0) / values.length),
});

/** Per activity type and for workflow tasks: time waiting in the task queue and time running, from one history. */
function timeline(history: temporal.api.history.v1.IHistory) {
  const events = history.events ?? [];
  const byId = new Map(events.map((event) => [Number(event.eventId), event]));
  const rows: Array<{ kind: string; queueMs: number; runMs: number }> = [];
  let localActivityMarkers = 0;
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_MARKER_RECORDED) localActivityMarkers++;
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const attributes = event.activityTaskCompletedEventAttributes!;
      const scheduled = byId.get(Number(attributes.scheduledEventId))!;
      const started = byId.get(Number(attributes.startedEventId))!;
      rows.push({ kind: `activity ${scheduled.activityTaskScheduledEventAttributes!.activityType!.name!}`, queueMs: ms(started.eventTime) - ms(scheduled.eventTime), runMs: ms(event.eventTime) - ms(started.eventTime) });
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      const attributes = event.workflowTaskCompletedEventAttributes!;
      const scheduled = byId.get(Number(attributes.scheduledEventId))!;
      const started = byId.get(Number(attributes.startedEventId))!;
      rows.push({ kind: 'workflow task', queueMs: ms(started.eventTime) - ms(scheduled.eventTime), runMs: ms(event.eventTime) - ms(started.eventTime) });
    }
  }
  const first = ms(events[0]?.eventTime);
  const last = ms(events.at(-1)?.eventTime);
  return { rows, localActivityMarkers, serverSpanMs: last - first, events: events.length };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // The bench places an order every second or so: far above the 30 a minute a trading account is allowed.
  const config = loadConfig({ SCHEDULES_ENABLED: 'false', MAX_ORDERS_PER_MINUTE: '10000' });
  const temporalDir = await mkdtemp(join(tmpdir(), 'bench-temporal-'));
  const server = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null,
    searchAttributes: TRADE_SEARCH_ATTRIBUTES,
  });
  const sim = await startVenueSimulator({ port: 0, seed: 3 });
  const broker = createBroker({ ...config.broker, restUrl: sim.url, streamUrl: sim.url });
  const { database, drop } = await openBenchDatabase('workflows', { maxConnections: 10, simAccountId: ACCOUNT_ID });
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const analysisDeps = { database, limits: preTradeLimitsFrom(config), riskFraction: config.RISK_FRACTION, clock: Date.now };
  const orchestration = await Worker.create({
    connection, taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ ...analysisDeps, describeNamespace: async () => undefined, brokerUrl: sim.url, probeTimeoutMs: 1000, degradedLatencyMs: 500 }),
  });
  const brokerWorker = await Worker.create({
    connection, taskQueue: brokerTaskQueueFor(TASK_QUEUE), maxTaskQueueActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
    activities: createBrokerQueueActivities({ database, broker, clock: Date.now, riskLimits: () => riskMonitorLimitsFrom(config) }),
  });
  const running = Promise.all([orchestration.run(), brokerWorker.run()]);
  let runNumber = 0;
  const execute = (request: AnalysisToTradeInput) => client.workflow.execute(analysisToTrade, { taskQueue: TASK_QUEUE, workflowId: `bench-${++runNumber}`, args: [request] });

  try {
    await execute(input(false)); // warm-up: bundle loaded, candle cache filled, connections open
    const latenciesMs: number[] = [];
    const timelines: ReturnType<typeof timeline>[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const started = performance.now();
      const result = await execute(input(true));
      latenciesMs.push(performance.now() - started);
      if (result.outcome !== 'executed') throw new Error(`run ${runNumber} was meant to trade and ended ${result.outcome}: ${JSON.stringify(result.instruments)}`);
      timelines.push(timeline(await client.workflow.getHandle(`bench-${runNumber}`).fetchHistory()));
      // Flat again, outside the timed part, so the next run's signal is not "already positioned".
      await broker.closePosition({ instrument: 'EUR_USD', longUnits: 'ALL' }).catch(() => undefined);
      await broker.closePosition({ instrument: 'EUR_USD', shortUnits: 'ALL' }).catch(() => undefined);
    }

    const throughputStarted = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: THROUGHPUT_CONCURRENCY }, async () => {
      while (next < THROUGHPUT_RUNS) {
        next++;
        await execute(input(false));
      }
    }));
    const throughputSeconds = (performance.now() - throughputStarted) / 1000;

    // The pure computation by itself, as a local activity runs it: what a normal activity's round trip would add to.
    const analysis = createAnalysisActivities(analysisDeps);
    const { candles } = await createBrokerQueueActivities({ database, broker, clock: Date.now, riskLimits: () => riskMonitorLimitsFrom(config) }).fetchMarketData({ instrument: 'EUR_USD', granularity: 'M5', lookback: 150 });
    const maCrossover = getStrategy('ma-crossover');
    const strategy = { name: maCrossover.name, params: maCrossover.defaults, warmupBars: maCrossover.warmupBars(maCrossover.defaults) };
    const analyzeMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await analysis.analyzeInstrument({ candles, strategy });
      analyzeMs.push(performance.now() - started);
    }

    const byKind = new Map<string, { queueMs: number[]; runMs: number[] }>();
    for (const row of timelines.flatMap((t) => t.rows)) {
      const entry = byKind.get(row.kind) ?? { queueMs: [], runMs: [] };
      entry.queueMs.push(row.queueMs);
      entry.runMs.push(row.runMs);
      byKind.set(row.kind, entry);
    }
    const perRun = timelines.length;
    const breakdown = [...byKind.entries()].map(([kind, { queueMs, runMs }]) => ({
      kind,
      perRun: round(queueMs.length / perRun, 2),
      queueMsP50: summary(queueMs).p50,
      runMsP50: summary(runMs).p50,
      totalMsPerRunMean: round((queueMs.reduce((a, b) => a + b, 0) + runMs.reduce((a, b) => a + b, 0)) / perRun),
    }));
    const results = {
      benchmark: 'workflows',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30), node: process.version, loadAverage1mAtStart: round(loadavg()[0]!, 2) },
      setup: {
        temporal: 'dev server (SQLite), same machine', workers: 'orchestration + broker worker in the bench process', venue: 'venue simulator, in process',
        brokerActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND, strategy: 'ma-crossover defaults, M5, lookback 150, minConfidence 0',
      },
      analysisToTradeLatencyMs: { runs: LATENCY_RUNS, execute: true, instruments: 1, ...summary(latenciesMs), serverSpanMsP50: summary(timelines.map((t) => t.serverSpanMs)).p50 },
      throughput: {
        runs: THROUGHPUT_RUNS, concurrency: THROUGHPUT_CONCURRENCY, execute: false,
        completedWorkflowsPerSecond: round(THROUGHPUT_RUNS / throughputSeconds, 2),
        note: 'execute=false: every run analyses and validates one instrument; the broker queue limit caps runs at brokerActivitiesPerSecond / 2 (fetch + snapshot)',
      },
      perRun: {
        historyEvents: summary(timelines.map((t) => t.events)).p50,
        localActivityMarkers: summary(timelines.map((t) => t.localActivityMarkers)).p50,
        breakdown,
      },
      localComputation: { analyzeInstrumentMsP50: summary(analyzeMs).p50, analyzeInstrumentMsP99: summary(analyzeMs).p99 },
    };
    recordBenchResults('workflows', results);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    orchestration.shutdown();
    brokerWorker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
    broker.close();
    await sim.close();
    await drop();
    await server.stop();
    await rm(temporalDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
