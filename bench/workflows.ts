/**
 * Workflow benchmark (not a test): analysisToTrade side by side with a baseline workflow (three activities and two
 * local activities that do nothing: what Temporal alone costs) in one run, on one dev server with the launcher's
 * store settings. Reported, never asserted.
 *
 *   npm run bench:workflows                 (DATABASE_URL=postgres://… to use that server; unset = embedded Postgres)
 *
 * Sequential runs are interleaved across the scenarios (so the machine's load falls on all alike): latency p50/p99,
 * workflow tasks, activities and history bytes per run. Then completed runs per second at concurrency 16. Everything
 * is real: the dev server, Postgres, the venue simulator over HTTP, the orchestration and broker workers as the worker
 * process builds them, in this process. Writes bench/results/workflows.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { orchestrationActivityDeps } from '../workers/orchestration-activity-deps';
import { createActivities, createBrokerQueueActivities } from '../activities';
import type { InstrumentName } from '../domain/market';
import { quantile } from '../domain/math/statistics';
import { createBroker } from '../infra/broker/create-broker';
import { brokerBudgets } from '../infra/broker/rest-call-budget';
import { loadConfig } from '../infra/config';
import { findFreePort } from '../infra/net/free-port';
import { riskMonitorLimitsFrom } from '../infra/orchestration/risk-monitor-start';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../infra/orchestration/workflow-bundle';
import { projectRoot } from '../infra/paths';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { DEV_SERVER_SQLITE_PRAGMAS, startTemporalDevServer } from '../infra/temporal/dev-server';
import { startVenueSimulator } from '../infra/venue-sim';
import type { AnalysisToTradeInput, AnalysisToTradeResult } from '../workflows/definitions/analysis-to-trade';
import { TRADE_SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';
import { brokerTaskQueueFor } from '../workflows/definitions/task-queues';
import { openBenchDatabase } from './lib/bench-database';
import { baselineActivities } from './lib/baseline/activities';
import { recordBenchResults } from './lib/record-results';
import { accountBrokers } from '../infra/broker/account-brokers';

/** BENCH_ROUNDS / BENCH_CONCURRENT_RUNS shrink a run to a quick check of the bench itself. */
const SEQUENTIAL_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const CONCURRENT_RUNS = Number(process.env.BENCH_CONCURRENT_RUNS ?? 160);
const CONCURRENCY = 16;
const ACCOUNT_ID = '101-001-0000001-001';
const TASK_QUEUE = 'bench-orchestration';
const BASELINE_QUEUE = 'bench-baseline';
const ONE: InstrumentName[] = ['EUR_USD'];
const THREE: InstrumentName[] = ['EUR_USD', 'GBP_USD', 'USD_JPY'];
const EventType = temporal.api.enums.v1.EventType;

const request = (instruments: InstrumentName[], execute: boolean): AnalysisToTradeInput => ({
  accountId: ACCOUNT_ID, instruments, strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5', lookback: 150, execute, minConfidence: 0,
});

interface Scenario {
  name: string;
  workflowType: string;
  taskQueue: string;
  args: unknown[];
  /** What a run must end with to count (a run meant to trade that did not is a broken benchmark). */
  expectOutcome?: AnalysisToTradeResult['outcome'];
  /** Untimed, after each sequential run: flat again, so the next run's signal trades. */
  instruments?: InstrumentName[];
}

const SCENARIOS: Scenario[] = [
  { name: 'baseline', workflowType: 'baselineWorkflow', taskQueue: BASELINE_QUEUE, args: [] },
  { name: 'analysisToTrade 1 instrument, execute', workflowType: 'analysisToTrade', taskQueue: TASK_QUEUE, args: [request(ONE, true)], expectOutcome: 'executed', instruments: ONE },
  { name: 'analysisToTrade 1 instrument, no execute', workflowType: 'analysisToTrade', taskQueue: TASK_QUEUE, args: [request(ONE, false)], expectOutcome: 'not_executed' },
  { name: 'analysisToTrade 3 instruments, execute', workflowType: 'analysisToTrade', taskQueue: TASK_QUEUE, args: [request(THREE, true)], expectOutcome: 'executed', instruments: THREE },
  { name: 'analysisToTrade 3 instruments, no execute', workflowType: 'analysisToTrade', taskQueue: TASK_QUEUE, args: [request(THREE, false)], expectOutcome: 'not_executed' },
];
/** Concurrency runs on one account: runs that execute would mostly find the position already taken by another. */
const THROUGHPUT_SCENARIOS = SCENARIOS.filter((scenario) => !scenario.instruments);

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const percentiles = (values: number[]) => {
  const sorted = Float64Array.from(values).sort();
  return { p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), runs: values.length };
};

/** Workflow tasks, activity tasks, markers (local activities and patches) and the encoded size of one run's history. */
function historyFigures(history: temporal.api.history.v1.IHistory) {
  const events = history.events ?? [];
  const count = (type: number) => events.filter((event) => event.eventType === type).length;
  return {
    workflowTasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    markers: count(EventType.EVENT_TYPE_MARKER_RECORDED),
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // The bench places orders every few hundred milliseconds: far above the 30 a minute an account is allowed.
  const config = loadConfig({ SCHEDULES_ENABLED: 'false', MAX_ORDERS_PER_MINUTE: '100000' });
  const temporalDir = await mkdtemp(join(tmpdir(), 'bench-temporal-'));
  const server = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null, searchAttributes: TRADE_SEARCH_ATTRIBUTES,
  });
  const sim = await startVenueSimulator({ port: 0, seed: 3 });
  const { database, drop } = await openBenchDatabase('workflows', { maxConnections: 10, simAccountId: ACCOUNT_ID });
  // Metered as the worker meters it: every REST call counted against the account's budget in Postgres.
  const broker = createBroker({ ...config.broker, restUrl: sim.url, streamUrl: sim.url }, brokerBudgets(config, database.db, { warn: console.warn })(config.broker.accountId));
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const workers = await Promise.all([
    Worker.create({
      connection, taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../workflows'), interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
      sinks: { outcomes: { record: { fn: () => undefined } } },
      activities: createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 })),
    }),
    Worker.create({
      connection, taskQueue: brokerTaskQueueFor(TASK_QUEUE), maxTaskQueueActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
      activities: createBrokerQueueActivities({ database, brokers: accountBrokers([broker]), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId) }),
    }),
    Worker.create({ connection, taskQueue: BASELINE_QUEUE, workflowsPath: require.resolve('./lib/baseline/workflow'), activities: baselineActivities }),
  ]);
  const running = Promise.all(workers.map((worker) => worker.run()));
  let peakRssMb = 0;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20)), 200);
  const loads = [loadavg()[0]!];

  const execute = async (scenario: Scenario): Promise<string> => {
    const workflowId = `bench-${randomUUID()}`;
    const result = await client.workflow.execute(scenario.workflowType, { taskQueue: scenario.taskQueue, workflowId, args: scenario.args });
    const outcome = (result as AnalysisToTradeResult | undefined)?.outcome;
    if (scenario.expectOutcome && outcome !== scenario.expectOutcome) {
      throw new Error(`${scenario.name}: ${workflowId} ended ${outcome}, not ${scenario.expectOutcome}: ${JSON.stringify((result as AnalysisToTradeResult).instruments)}`);
    }
    return workflowId;
  };
  const flatten = async (instruments: InstrumentName[]) => {
    for (const instrument of instruments) {
      await broker.closePosition({ instrument, longUnits: 'ALL' }).catch(() => undefined);
      await broker.closePosition({ instrument, shortUnits: 'ALL' }).catch(() => undefined);
    }
  };

  try {
    for (const scenario of SCENARIOS) { // warm-up: bundles loaded, candle cache filled, connections open
      await execute(scenario);
      if (scenario.instruments) await flatten(scenario.instruments);
    }
    const sequential = new Map(SCENARIOS.map((scenario) => [scenario.name, { latencyMs: [] as number[], histories: [] as ReturnType<typeof historyFigures>[] }]));
    for (let index = 0; index < SEQUENTIAL_ROUNDS; index++) {
      for (const scenario of SCENARIOS) {
        const startedAt = performance.now();
        const workflowId = await execute(scenario);
        const entry = sequential.get(scenario.name)!;
        entry.latencyMs.push(performance.now() - startedAt);
        entry.histories.push(historyFigures(await client.workflow.getHandle(workflowId).fetchHistory()));
        if (scenario.instruments) await flatten(scenario.instruments);
      }
      if (index % 10 === 9) loads.push(loadavg()[0]!);
    }

    const throughput: Record<string, number> = {};
    for (const scenario of THROUGHPUT_SCENARIOS) {
      const startedAt = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONCURRENT_RUNS) {
          next += 1;
          await execute(scenario);
        }
      }));
      throughput[scenario.name] = round(CONCURRENT_RUNS / ((performance.now() - startedAt) / 1000), 2);
      loads.push(loadavg()[0]!);
    }

    const baselineP50 = percentiles(sequential.get('baseline')!.latencyMs).p50;
    const results = {
      benchmark: 'workflows',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, totalMemoryGb: round(totalmem() / 2 ** 30), node: process.version, loadAverage1m: loads.map((load) => round(load, 2)) },
      setup: {
        temporal: 'dev server, same machine', sqlitePragmas: DEV_SERVER_SQLITE_PRAGMAS, workers: 'orchestration, broker and baseline workers in the bench process',
        venue: 'venue simulator over HTTP, in process', brokerActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
        restCallsPerSecond: { read: config.BROKER_REST_READS_PER_SECOND, placement: config.BROKER_REST_PLACEMENTS_PER_SECOND },
        strategy: 'ma-crossover defaults, M5, lookback 150, minConfidence 0 (every run trades when executing)',
      },
      sequential: SCENARIOS.map((scenario) => {
        const { latencyMs, histories } = sequential.get(scenario.name)!;
        const latency = percentiles(latencyMs);
        return {
          scenario: scenario.name,
          latencyMs: latency,
          timesBaselineP50: round(latency.p50 / baselineP50, 2),
          perRunP50: {
            workflowTasks: percentiles(histories.map((history) => history.workflowTasks)).p50,
            activities: percentiles(histories.map((history) => history.activities)).p50,
            markers: percentiles(histories.map((history) => history.markers)).p50,
            historyBytes: percentiles(histories.map((history) => history.bytes)).p50,
          },
        };
      }),
      completedPerSecondAtConcurrency16: throughput,
      peakRssMb: round(peakRssMb),
    };
    console.log(JSON.stringify(results, null, 2));
    console.log(`recorded in ${recordBenchResults('workflows', results)}`);
  } finally {
    clearInterval(sampler);
    workers.forEach((worker) => worker.shutdown());
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
