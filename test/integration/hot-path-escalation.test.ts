import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { waitFor } from '../../infra/async/wait-for';
import type { DatabaseHandle } from '../../infra/db/client';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli } from '../../infra/temporal/binaries';
import { startTemporalDevServer, type RunningDevServer } from '../../infra/temporal/dev-server';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { EMERGENCY_STOP_WORKFLOW, emergencyStopWorkflowId, type EmergencyStopInput } from '../../workflows/definitions/emergency-stop';
import type { TestDatabase } from '../helpers/postgres';
import { startEntryPoint, type RunningProcess } from '../helpers/processes';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(120_000);

const TASK_QUEUE = 'hot-path-escalation-test';

/**
 * A breaker of the hot path trips to HALTED (a daily-loss limit of 1 USD, which the spread of the first position
 * breaches) and the hot path asks a real Temporal dev server to start the account's emergency stop. No worker
 * runs the workflow here: the test sees the start, not the stop.
 */
describe('hot-path escalation', () => {
  let temporalDir: string;
  let temporal: RunningDevServer;
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let client: Client;
  let hotPath: RunningProcess;
  let statusUrl: string;

  beforeAll(async () => {
    temporalDir = await mkdtemp(join(tmpdir(), 'hot-path-temporal-'));
    temporal = await startTemporalDevServer({ cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }), dataDir: temporalDir, port: await findFreePort(), uiPort: null });
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    ({ testDatabase, database } = await createTradingDatabase('hot_path_escalation'));
    await database.pool.query(`insert into strategy_params (strategy, version, params, status, created_by, activated_at) values ('ma-crossover', 1, $1, 'active', 'test', now())`, [
      { averageKind: 'sma', fastPeriod: 2, slowPeriod: 5, atrPeriod: 5, stopAtrMultiple: 3 },
    ]);
    const startedMs = Date.now();
    sim = await startVenueSimulator({ port: 0, seed: 29, clock: () => startedMs + (Date.now() - startedMs) * 60 });
    const port = await findFreePort();
    statusUrl = `http://127.0.0.1:${port}/status`;
    hotPath = startEntryPoint('hot-path', 'workers/hot-path', {
      DATABASE_URL: testDatabase.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      BROKER_URL: sim.url,
      HOT_PATH_METRICS_PORT: String(port),
      HOT_PATH_GRANULARITY: 'S5',
      RISK_FRACTION: '0.0002',
      MAX_ORDERS_PER_MINUTE: '100000',
      MAX_ORDER_NOTIONAL_USD: '5000000',
      MAX_ORDER_UNITS: '5000000',
      MAX_CONCENTRATION: '50',
      MAX_DAILY_LOSS_USD: '1',
    });
  });

  afterAll(async () => {
    await hotPath?.stop();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
    await client?.connection.close();
    await temporal?.stop();
    await rm(temporalDir, { recursive: true, force: true });
  });

  it('halts on the daily-loss breaker and starts the account\'s emergency stop, fire-and-forget', async () => {
    const workflowId = emergencyStopWorkflowId('account', SIM_ACCOUNT_ID);
    const description = await waitFor('the emergency stop to be started', () => client.workflow.getHandle(workflowId).describe(), 60_000, 250).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${hotPath.output().split('\n').slice(-20).join('\n')}`);
    });
    expect(description).toMatchObject({ type: EMERGENCY_STOP_WORKFLOW, taskQueue: TASK_QUEUE, status: { name: 'RUNNING' } });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const input = JSON.parse(Buffer.from(payload.data!).toString()) as EmergencyStopInput;
    expect(input).toMatchObject({ scope: 'account', accountId: SIM_ACCOUNT_ID, closePositions: true, requestedBy: 'hot-path' });
    expect(input.reason).toMatch(/^hot-path breaker daily_loss: /);

    const status = await (await fetch(statusUrl)).json() as { tradingState: string; breakers: Record<string, { phase: string }> };
    expect(status.tradingState).toBe('HALTED');
    expect(status.breakers.daily_loss).toMatchObject({ phase: 'TRIPPED', tripTo: 'HALTED', threshold: 1 });
  });
});
