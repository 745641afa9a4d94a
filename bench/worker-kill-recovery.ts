/**
 * Worker kill -9 recovery benchmark (not a test): how long after an orchestration worker dies holding an order
 * placement does the order reach the venue through another worker. Reported, never asserted.
 *
 *   npm run bench:worker-kill-recovery
 *
 * Real parts: a Temporal dev server, Postgres (a fresh database on DATABASE_URL's server; unset = the embedded one
 * under .data/bench-postgres), the venue simulator, and two compiled orchestration worker processes. Worker A talks
 * to the venue through a proxy that holds order placements (and drops them if A dies, so the order never left A);
 * worker B talks to the venue directly. Each round: A alone takes a rebalance's placement, B starts and polls, A is
 * killed with SIGKILL; measured from the kill to the order filled and recorded (B's retry) and to the rebalance's end.
 * Temporal notices the dead worker by the broker activities' heartbeat timeout (BROKER_HEARTBEAT_TIMEOUT_MS), not
 * their 30 s start-to-close; the rebalance's next workflow task waits out the dead worker's sticky queue (3 s, set
 * in workers/orchestration.ts). Writes bench/results/worker-kill-recovery.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { quantile } from '../domain/math/statistics';
import { BROKER_ACTIVITY_TIMEOUT_MS, BROKER_HEARTBEAT_TIMEOUT_MS } from '../domain/trading/attempt-bounds';
import { waitFor } from '../infra/async/wait-for';
import { findFreePort } from '../infra/net/free-port';
import { projectRoot } from '../infra/paths';
import { ensureTemporalCli } from '../infra/temporal/binaries';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { startVenueSimulator } from '../infra/venue-sim';
import { ORDER_PLACEMENTS, startDelayingProxy } from '../test/helpers/delaying-proxy';
import { startEntryPoint, type RunningProcess } from '../test/helpers/processes';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../workflows/definitions/portfolio-rebalance';
import { TRADE_SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';
import { openBenchDatabase } from './lib/bench-database';
import { recordBenchResults } from './lib/record-results';

const ROUNDS = 5;
const ACCOUNT_ID = '101-001-0000001-001';
const TASK_QUEUE = 'orchestration';

const round = (value: number): number => Math.round(value);
const summary = (values: number[]) => {
  const sorted = Float64Array.from(values).sort();
  return { p50: round(quantile(sorted, 0.5)), max: round(sorted[sorted.length - 1]!), min: round(sorted[0]!), runs: values.length };
};

async function main(): Promise<void> {
  const temporalDir = await mkdtemp(join(tmpdir(), 'bench-kill-recovery-temporal-'));
  const temporal = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null, searchAttributes: TRADE_SEARCH_ATTRIBUTES,
  });
  const bench = await openBenchDatabase('kill_recovery', { maxConnections: 4, simAccountId: ACCOUNT_ID });
  const sim = await startVenueSimulator({ port: 0, seed: 31 });
  const proxy = await startDelayingProxy(sim.url);
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const startWorker = async (name: string, brokerUrl: string, readyLine: string): Promise<RunningProcess> => {
    const worker = startEntryPoint(name, 'workers/orchestration', {
      DATABASE_URL: bench.url, TEMPORAL_ADDRESS: temporal.address, WORKER_METRICS_PORT: String(await findFreePort()), BROKER_URL: brokerUrl,
      SCHEDULES_ENABLED: 'false', RISK_MONITOR_ENABLED: 'false', MAX_ORDER_NOTIONAL_USD: '200000',
    });
    await waitFor(`${name} to run`, async () => (worker.output().includes(readyLine) ? true : undefined), 120_000);
    return worker;
  };
  const sql = async (text: string, values: unknown[] = []) => (await bench.database.pool.query(text, values)).rows as Array<Record<string, unknown>>;

  const toVenue: number[] = [];
  const toCompletion: number[] = [];
  const loads: number[] = [];
  try {
    for (let index = 0; index < ROUNDS; index++) {
      const workerA = await startWorker('worker-a', proxy.url, 'broker worker polling after reconciliation');
      proxy.hold('request', 120_000, ORDER_PLACEMENTS, { dropIfSenderDies: true });
      const input: PortfolioRebalanceInput = {
        accountId: ACCOUNT_ID, method: 'target_weights', weights: { EUR_USD: index % 2 === 0 ? 0.2 : -0.2 }, driftThreshold: 0.01, maxOrderNotional: 100_000,
        approvalThresholdUsd: 1e9, approvalTimeoutMs: 60_000, requestedBy: 'bench',
      };
      const handle = await client.workflow.start(PORTFOLIO_REBALANCE_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId: `kill-recovery-${index}-${randomUUID()}`, args: [input] });
      const clientOrderId = await waitFor('worker A to hold a placement', async () => {
        const [row] = await sql(`select client_order_id from orders where status = 'submitting' and workflow_id = $1 limit 1`, [handle.workflowId]);
        return row?.client_order_id as string | undefined;
      }, 60_000, 10);
      const workerB = await startWorker('worker-b', sim.url, 'broker worker polling after reconciliation');
      loads.push(loadavg()[0]!);
      const killedAt = performance.now();
      workerA.child.kill('SIGKILL');
      proxy.hold('none', 0);
      // Postgres, not the venue, is polled: polling the venue would spend the rate limit worker B trades under.
      await waitFor('the order filled and recorded', async () => ((await sql(`select 1 from orders where client_order_id = $1 and status = 'filled'`, [clientOrderId])).length > 0 ? true : undefined), 120_000, 10);
      toVenue.push(performance.now() - killedAt);
      await handle.result();
      toCompletion.push(performance.now() - killedAt);
      console.log(`round ${index + 1}: kill -> order filled through worker B ${round(toVenue.at(-1)!)} ms, -> rebalance done ${round(toCompletion.at(-1)!)} ms`);
      await workerA.exited;
      await workerB.stop();
    }
    const results = {
      benchmark: 'worker-kill-recovery',
      recordedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage1mDuringRuns: loads.map((load) => Math.round(load * 100) / 100) },
      settings: { brokerHeartbeatTimeoutMs: BROKER_HEARTBEAT_TIMEOUT_MS, brokerActivityTimeoutMs: BROKER_ACTIVITY_TIMEOUT_MS, rounds: ROUNDS },
      killToOrderFilledMs: summary(toVenue),
      killToRebalanceCompletedMs: summary(toCompletion),
      note: 'Before heartbeats the same recovery waited out the activity start-to-close: 15-35 s in the kill -9 chaos tests.',
    };
    console.log(JSON.stringify(results, null, 2));
    console.log(`recorded in ${recordBenchResults('worker-kill-recovery', results)}`);
  } finally {
    await proxy.close();
    await sim.close();
    await client.connection.close();
    await bench.drop();
    await temporal.stop();
    await rm(temporalDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
