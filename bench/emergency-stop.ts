/**
 * Emergency-stop benchmark (not a test): how fast a REST emergency stop stops both paths, and how fast a hot path
 * can decide after it starts. Reported, never asserted.
 *
 *   npm run bench:emergency-stop
 *
 * Real parts: a Temporal dev server, Postgres (a fresh database on DATABASE_URL's server; unset = the embedded one
 * under .data/bench-postgres), the venue simulator, the orchestration + broker workers as the worker process builds
 * them and the api over HTTP (in this process), and the compiled hot-path worker as a process of its own, trading
 * S5 bars and listening for the halt. Writes bench/results/emergency-stop.json.
 *
 * 1. Halt latency, HALT_ROUNDS times (stop without closing, then resume): REST call → HALTED committed (the NOTIFY a
 *    listener of the bench receives at commit), → the hot path's own timestamp of the halt, → the api's answer.
 * 2. Under load (analysis-to-trade loops and the hot path trading), LOAD_RUNS full stops that close everything:
 *    REST call → the last entry order at the venue (the stop's own closes excluded) and → flat confirmed.
 * 3. STARTS fresh hot paths with the default M1 bars: process start → reconciled, → first decision that could trade.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { orchestrationActivityDeps } from '../workers/orchestration-activity-deps';
import { createActivities, createBrokerQueueActivities } from '../activities';
import { quantile } from '../domain/math/statistics';
import { getStrategy } from '../domain/strategies';
import { waitFor } from '../infra/async/wait-for';
import { createBroker } from '../infra/broker/create-broker';
import { loadConfig } from '../infra/config';
import { ensureActiveStrategyParams } from '../infra/db/queries/strategy-params';
import { findFreePort } from '../infra/net/free-port';
import { riskMonitorLimitsFrom } from '../infra/orchestration/risk-monitor-start';
import { projectRoot } from '../infra/paths';
import { spawnEntryPoint, type RunningEntryPoint } from '../infra/process/entry-point';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { startVenueSimulator } from '../infra/venue-sim';
import { analysisToTrade } from '../workflows';
import type { EmergencyStopReport } from '../workflows/definitions/emergency-stop-report';
import { TRADE_SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';
import { brokerTaskQueueFor } from '../workflows/definitions/task-queues';
import { openBenchDatabase } from './lib/bench-database';
import { recordBenchResults } from './lib/record-results';
import { accountBrokers } from '../infra/broker/account-brokers';

const HALT_ROUNDS = 100;
const LOAD_RUNS = 3;
const STARTS = 5;
const TRADERS = 4;
const ACCOUNT_ID = '101-001-0000001-001';
const TASK_QUEUE = 'bench-emergency-stop';
const INSTRUMENTS = ['EUR_USD', 'GBP_USD', 'AUD_USD', 'USD_CAD'] as const;
/** Orders the emergency stop places to close: not entries. */
const STOP_CLOSE_PREFIX = 'es-';

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const summary = (values: number[]) => {
  const sorted = Float64Array.from(values).sort();
  return { p50: round(quantile(sorted, 0.5), 2), p99: round(quantile(sorted, 0.99), 2), max: round(sorted[sorted.length - 1]!, 2), runs: values.length };
};

interface HotPathStatus {
  reconciled: boolean;
  tradingState: string;
  controlTradingStateSince: string;
  startedAt: string;
  reconciledAt: string | null;
  firstPossibleDecisionAt: string | null;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig({ SCHEDULES_ENABLED: 'false', RISK_MONITOR_ENABLED: 'false', MAX_ORDERS_PER_MINUTE: '10000', TEMPORAL_TASK_QUEUE: TASK_QUEUE });
  const loadAverageAtStart = loadavg()[0]!;
  const temporalDir = await mkdtemp(join(tmpdir(), 'bench-temporal-'));
  const server = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null, searchAttributes: TRADE_SEARCH_ATTRIBUTES,
  });
  const sim = await startVenueSimulator({ port: 0, seed: 5 });
  const broker = createBroker({ ...config.broker, restUrl: sim.url, streamUrl: sim.url });
  const { database, drop, url: databaseUrl } = await openBenchDatabase('emergency_stop', { maxConnections: 10, simAccountId: ACCOUNT_ID });
  await ensureActiveStrategyParams(database.db, { strategy: 'ma-crossover', params: getStrategy('ma-crossover').defaults, createdBy: 'bench', reason: 'the hot path trades the defaults' });
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const orchestration = await Worker.create({
    connection, taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../workflows'),
    activities: createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 })),
  });
  const brokerWorker = await Worker.create({
    connection, taskQueue: brokerTaskQueueFor(TASK_QUEUE), maxTaskQueueActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
    activities: createBrokerQueueActivities({ database, brokers: accountBrokers([broker]), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId) }),
  });
  const running = Promise.all([orchestration.run(), brokerWorker.run()]);
  // The api as production runs it: a process of its own, so its event loop serves requests only.
  const apiPort = await findFreePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = spawnEntryPoint('api', 'api/main', {
    PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    BROKER_URL: sim.url, API_PORT: String(apiPort),
  }, () => undefined);
  await waitFor('the api to be ready', async () => ((await fetch(`${apiUrl}/ready`).catch(() => undefined))?.ok ? true : undefined), 60_000, 100);
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };
  const hotPathEnv = (granularity: string, port: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    BROKER_URL: sim.url, HOT_PATH_GRANULARITY: granularity, HOT_PATH_METRICS_PORT: String(port),
  });
  const startHotPath = async (granularity: string): Promise<{ process: RunningEntryPoint; status: () => Promise<HotPathStatus> }> => {
    const port = await findFreePort();
    const process = spawnEntryPoint('hot-path', 'workers/hot-path', hotPathEnv(granularity, port), () => undefined);
    const status = async () => (await fetch(`http://127.0.0.1:${port}/status`)).json() as Promise<HotPathStatus>;
    return { process, status };
  };

  let workflowNumber = 0;
  const hotPath = await startHotPath('S5');
  try {
    await waitFor('the hot path to reconcile', async () => ((await hotPath.status().catch(() => undefined))?.reconciled ? true : undefined), 60_000);

    // 1. Halt latency: stop without closing, resume, again. A NOTIFY is delivered when its transaction commits.
    const listener = new PgClient({ connectionString: databaseUrl });
    await listener.connect();
    await listener.query('LISTEN trading_state_changed');
    let haltSeenAtMs: number | undefined;
    listener.on('notification', (message) => {
      if (message.payload?.includes('"HALTED"')) haltSeenAtMs ??= Date.now();
    });
    const toApiAnsweredMs: number[] = [];
    const toHaltCommittedMs: number[] = [];
    const toHotPathHaltedMs: number[] = [];
    for (let round = 0; round < HALT_ROUNDS; round++) {
      haltSeenAtMs = undefined;
      const calledAtMs = Date.now();
      const stop = await post('/api/system/control/emergency-stop', { by: 'bench', reason: `halt round ${round + 1}`, closePositions: false });
      toApiAnsweredMs.push(Date.now() - calledAtMs);
      if (stop.status !== 202) throw new Error(`emergency stop refused: ${JSON.stringify(stop.body)}`);
      toHaltCommittedMs.push(await waitFor('the halt\'s NOTIFY', async () => haltSeenAtMs, 10_000, 1) - calledAtMs);
      const heard = await waitFor('the hot path to halt', async () => {
        const now = await hotPath.status();
        return now.tradingState === 'HALTED' ? now : undefined;
      }, 10_000, 1);
      toHotPathHaltedMs.push(Date.parse(heard.controlTradingStateSince) - calledAtMs);
      await client.workflow.getHandle(stop.body.workflowId as string).result();
      const resumed = await post('/api/system/control/resume', { by: 'bench', reason: 'next round' });
      if (resumed.status !== 200) throw new Error(`resume refused: ${JSON.stringify(resumed.body)}`);
      await waitFor('the hot path to resume', async () => ((await hotPath.status()).tradingState === 'ACTIVE' ? true : undefined), 10_000, 5);
    }

    await listener.end();

    // 2. Under load: the last entry order at the venue after the call.
    const toLastEntryAtVenueMs: number[] = [];
    const toFlatConfirmedMs: number[] = [];
    const entryOrdersAfterCall: number[] = [];
    for (let run = 0; run < LOAD_RUNS; run++) {
      let trading = true;
      const traders = Array.from({ length: TRADERS }, async (_, i) => {
        while (trading) {
          await client.workflow.execute(analysisToTrade, {
            taskQueue: TASK_QUEUE, workflowId: `bench-stop-${++workflowNumber}`,
            args: [{ accountId: ACCOUNT_ID, instruments: [INSTRUMENTS[i]!], strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5', lookback: 150, execute: true, minConfidence: 0 }],
          }).catch(() => undefined);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const { lastTransactionId } = await broker.accountSummary();
      const calledAtMs = Date.now();
      const stop = await post('/api/system/control/emergency-stop', { by: 'bench', reason: `load run ${run + 1}`, closePositions: true });
      if (stop.status !== 202) throw new Error(`emergency stop refused: ${JSON.stringify(stop.body)}`);
      const report: EmergencyStopReport = await client.workflow.getHandle(stop.body.workflowId as string).result();
      trading = false;
      await Promise.all(traders);
      if (report.outcome !== 'flat') throw new Error(`load run ${run + 1}: the stop ended ${report.outcome}`);
      const venue = await broker.transactionsSince(lastTransactionId);
      const entries = venue.transactions.filter((t) => t.type === 'MARKET_ORDER' && !(t.clientOrderId ?? '').startsWith(STOP_CLOSE_PREFIX) && t.timeMs >= calledAtMs);
      toLastEntryAtVenueMs.push(entries.length > 0 ? Math.max(...entries.map((t) => t.timeMs)) - calledAtMs : 0);
      entryOrdersAfterCall.push(entries.length);
      const [flat] = (await database.pool.query(`select min(occurred_at) as at from audit_events where run_id = $1 and action like 'emergency_stop.close_attempt_%'`, [stop.body.runId])).rows;
      toFlatConfirmedMs.push((flat.at as Date).getTime() - calledAtMs);
      const resumed = await post('/api/system/control/resume', { by: 'bench', reason: 'next run' });
      if (resumed.status !== 200) throw new Error(`resume refused: ${JSON.stringify(resumed.body)}`);
    }
    await hotPath.process.stop();

    // 3. A fresh hot path with the defaults: how soon it could trade.
    const toReconciledMs: number[] = [];
    const toFirstPossibleDecisionMs: number[] = [];
    for (let start = 0; start < STARTS; start++) {
      const spawnedAtMs = Date.now();
      const fresh = await startHotPath('M1');
      const ready = await waitFor('a decision that could trade', async () => {
        const now = await fresh.status().catch(() => undefined);
        return now?.firstPossibleDecisionAt ? now : undefined;
      }, 120_000, 5);
      toReconciledMs.push(Date.parse(ready.reconciledAt!) - spawnedAtMs);
      toFirstPossibleDecisionMs.push(Date.parse(ready.firstPossibleDecisionAt!) - spawnedAtMs);
      await fresh.process.stop();
    }

    const results = {
      benchmark: 'emergency-stop',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, node: process.version, loadAverage1mAtStart: round(loadAverageAtStart, 2), loadAverage1mAtEnd: round(loadavg()[0]!, 2) },
      setup: {
        temporal: 'dev server (SQLite), same machine', workers: 'orchestration + broker worker in the bench process', api: 'the compiled api, its own process',
        hotPath: 'compiled hot-path worker, its own process, S5 bars, default limits, LISTEN on trading_state_changed',
        load: `${TRADERS} analysis-to-trade loops (execute, minConfidence 0) on ${INSTRUMENTS.join(', ')}, and the hot path trading`,
      },
      haltFromRestCallMs: {
        haltCommittedSeenByAListener: summary(toHaltCommittedMs),
        apiAnswered: summary(toApiAnsweredMs),
        hotPathHaltedItsOwnTimestamp: summary(toHotPathHaltedMs),
      },
      underLoadFromRestCallMs: {
        lastEntryOrderAtVenue: summary(toLastEntryAtVenueMs),
        flatConfirmedAndRecorded: summary(toFlatConfirmedMs),
        entryOrdersAtVenueAfterTheCall: entryOrdersAfterCall,
      },
      hotPathStartDefaultsM1Ms: { processStartToReconciled: summary(toReconciledMs), processStartToFirstPossibleDecision: summary(toFirstPossibleDecisionMs) },
      note: 'haltCommittedSeenByAListener is when a LISTEN connection of the bench got the NOTIFY, which Postgres delivers at commit; the api answers after the commit and after '
        + 'starting the workflow; '
        + 'an entry order at the venue after the call is one that was already on its way (a workflow placement that passed its check before the halt); '
        + 'flatConfirmedAndRecorded includes the 35 s the stop waits before it trusts a flat account',
    };
    recordBenchResults('emergency-stop', results);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await hotPath.process.stop();
    await api.stop();
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
