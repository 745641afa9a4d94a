/**
 * Emergency-stop benchmark (not a test): the time from the REST emergency-stop call to the last order the system
 * attempts, while analysis-to-trade workflows keep placing orders. Reported, never asserted.
 *
 *   npx tsc -p . && DATABASE_URL=postgres://… node dist/bench/emergency-stop.js
 *
 * Real parts: a Temporal dev server, Postgres (a fresh database on DATABASE_URL's server; unset = the embedded one
 * under .data/bench-postgres), the venue simulator, the orchestration + broker workers as the worker process builds
 * them and the api over HTTP, all in this process. Writes bench/results/emergency-stop.json.
 *
 * "Last order attempted" is the latest orders row written (every placement writes its row before calling the
 * broker) and the latest order transaction at the venue (the stop's own closing orders included).
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { recordBenchResults } from './lib/record-results';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { createActivities, createBrokerQueueActivities } from '../activities';
import { createApp } from '../api/app';
import { quantile } from '../domain/math/statistics';
import { createBroker } from '../infra/broker/create-broker';
import { loadConfig } from '../infra/config';
import { riskMonitorLimitsFrom } from '../infra/orchestration/risk-monitor-start';
import { openBenchDatabase } from './lib/bench-database';
import { createLogger } from '../infra/logging';
import { findFreePort } from '../infra/net/free-port';
import type { TemporalClientHandle } from '../infra/orchestration/temporal-client';
import { preTradeLimitsFrom } from '../infra/orchestration/trading-limits';
import { projectRoot } from '../infra/paths';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { startVenueSimulator } from '../infra/venue-sim';
import { analysisToTrade } from '../workflows';
import type { EmergencyStopReport } from '../workflows/definitions/emergency-stop-report';
import { TRADE_SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';
import { brokerTaskQueueFor } from '../workflows/definitions/task-queues';

const RUNS = 3;
const TRADERS = 4;
const ACCOUNT_ID = '101-001-0000001-001';
const TASK_QUEUE = 'bench-emergency-stop';
const INSTRUMENTS = ['EUR_USD', 'GBP_USD', 'AUD_USD', 'USD_CAD'] as const;
const ORDER_TRANSACTIONS = new Set(['MARKET_ORDER', 'LIMIT_ORDER', 'ORDER_FILL']);

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const summary = (values: number[]) => {
  const sorted = Float64Array.from(values).sort();
  return { p50: round(quantile(sorted, 0.5)), max: round(sorted[sorted.length - 1]!), runs: values.length };
};

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig({ SCHEDULES_ENABLED: 'false', MAX_ORDERS_PER_MINUTE: '10000', TEMPORAL_TASK_QUEUE: TASK_QUEUE });
  const temporalDir = await mkdtemp(join(tmpdir(), 'bench-temporal-'));
  const server = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null, searchAttributes: TRADE_SEARCH_ATTRIBUTES,
  });
  const sim = await startVenueSimulator({ port: 0, seed: 5 });
  const broker = createBroker({ ...config.broker, restUrl: sim.url, streamUrl: sim.url });
  const { database, drop } = await openBenchDatabase('emergency_stop', { maxConnections: 10, simAccountId: ACCOUNT_ID });
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const orchestration = await Worker.create({
    connection, taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../workflows'),
    activities: createActivities({
      database, limits: preTradeLimitsFrom(config), riskFraction: config.RISK_FRACTION, clock: Date.now,
      describeNamespace: async () => undefined, brokerUrl: sim.url, probeTimeoutMs: 1000, degradedLatencyMs: 500,
    }),
  });
  const brokerWorker = await Worker.create({
    connection, taskQueue: brokerTaskQueueFor(TASK_QUEUE), maxTaskQueueActivitiesPerSecond: config.BROKER_ACTIVITIES_PER_SECOND,
    activities: createBrokerQueueActivities({ database, broker, clock: Date.now, riskLimits: () => riskMonitorLimitsFrom(config) }),
  });
  const running = Promise.all([orchestration.run(), brokerWorker.run()]);
  const temporalHandle = { client, namespace: 'default' } as unknown as TemporalClientHandle;
  const api = createApp({ config, database, temporal: temporalHandle, metrics: new Registry(), logger: createLogger('bench-emergency-stop', 'silent') }).listen(0, '127.0.0.1');
  await once(api, 'listening');
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };

  let runNumber = 0;
  try {
    const toLastRowMs: number[] = [];
    const toLastVenueOrderMs: number[] = [];
    const toHaltedMs: number[] = [];
    const toFlatConfirmedMs: number[] = [];
    const ordersDuringStop: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let trading = true;
      // Traders that keep asking for orders until the stop refuses them; each run trades for a couple of seconds first.
      const traders = Array.from({ length: TRADERS }, async (_, i) => {
        while (trading) {
          await client.workflow.execute(analysisToTrade, {
            taskQueue: TASK_QUEUE, workflowId: `bench-stop-${++runNumber}`,
            args: [{ accountId: ACCOUNT_ID, instruments: [INSTRUMENTS[i]!], strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5', lookback: 150, execute: true, minConfidence: 0 }],
          }).catch(() => undefined);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const { lastTransactionId } = await broker.accountSummary();
      const calledAtMs = Date.now();
      const stop = await post('/api/system/control/emergency-stop', { by: 'bench', reason: `bench run ${run + 1}`, closePositions: true });
      if (stop.status !== 202) throw new Error(`emergency stop refused: ${JSON.stringify(stop.body)}`);
      const report: EmergencyStopReport = await client.workflow.getHandle(stop.body.workflowId as string).result();
      trading = false;
      await Promise.all(traders);

      const [lastRow] = (await database.pool.query('select max(created_at) as at, count(*) filter (where created_at >= $1)::int as n from orders', [new Date(calledAtMs)])).rows;
      const [halted] = (await database.pool.query(`select updated_at as at from trading_state where scope = 'system'`)).rows;
      const [flat] = (await database.pool.query(`select min(occurred_at) as at from audit_events where run_id = $1 and action like 'emergency_stop.close_attempt_%'`, [stop.body.runId])).rows;
      const venue = await broker.transactionsSince(lastTransactionId);
      const venueOrderTimes = venue.transactions.filter((t) => ORDER_TRANSACTIONS.has(t.type)).map((t) => t.timeMs);
      if ((lastRow.n as number) > 0) toLastRowMs.push((lastRow.at as Date).getTime() - calledAtMs);
      toLastVenueOrderMs.push(venueOrderTimes.length > 0 ? Math.max(...venueOrderTimes) - calledAtMs : 0);
      toHaltedMs.push((halted.at as Date).getTime() - calledAtMs);
      toFlatConfirmedMs.push((flat.at as Date).getTime() - calledAtMs);
      ordersDuringStop.push(lastRow.n as number);
      if (report.outcome !== 'flat') throw new Error(`run ${run + 1}: the stop ended ${report.outcome}`);
      const resumed = await post('/api/system/control/resume', { by: 'bench', reason: 'next run' });
      if (resumed.status !== 200) throw new Error(`resume refused: ${JSON.stringify(resumed.body)}`);
    }
    const results = {
      benchmark: 'emergency-stop',
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCores: cpus().length, node: process.version, loadAverage1mAtStart: round(loadavg()[0]!, 2) },
      setup: {
        temporal: 'dev server (SQLite), same machine', workers: 'orchestration + broker worker in the bench process', api: 'express app over HTTP in process',
        load: `${TRADERS} analysis-to-trade loops (execute, minConfidence 0) on ${INSTRUMENTS.join(', ')}`, stop: 'system scope, closePositions true',
      },
      fromRestCallMs: {
        haltedWritten: summary(toHaltedMs),
        lastOrdersRowWritten: toLastRowMs.length > 0 ? summary(toLastRowMs) : 'no orders row was written after the call in any run',
        lastOrderTransactionAtVenue: summary(toLastVenueOrderMs),
        flatConfirmedAndRecorded: summary(toFlatConfirmedMs),
      },
      ordersRowsWrittenAfterTheCall: ordersDuringStop,
      note: 'lastOrderTransactionAtVenue includes the stop\'s own closing orders; flatConfirmedAndRecorded includes the 35 s the stop waits before it trusts a flat account',
    };
    recordBenchResults('emergency-stop', results);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    api.close();
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
