import { MockActivityEnvironment } from '@temporalio/testing';
import { createHealthActivities, type HealthActivities } from '../../activities/health/health-activities';
import { connectDatabase, type DatabaseHandle } from '../../infra/db/client';
import { migrateDatabase } from '../../infra/db/migrate';
import { findFreePort } from '../../infra/net/free-port';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

/** The health activities themselves, against a real Postgres and the real venue simulator. */
describe('health activities', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let sim: VenueSimulator;

  beforeAll(async () => {
    database = await createTestDatabase('health_activities');
    handle = connectDatabase(database.url);
    await migrateDatabase(handle);
    sim = await startVenueSimulator({ port: 0 });
  });

  afterAll(async () => {
    await sim?.close();
    await handle?.close();
    await database?.drop();
  });

  const activities = (overrides: Partial<Parameters<typeof createHealthActivities>[0]> = {}): HealthActivities => createHealthActivities({
    database: handle,
    describeNamespace: async () => ({}),
    brokerUrl: sim.url,
    brokerToken: 'sim-token',
    probeTimeoutMs: 2000,
    degradedLatencyMs: 1000,
    ...overrides,
  });
  const run = <T>(fn: () => Promise<T>, runId = 'run-1'): Promise<T> =>
    new MockActivityEnvironment({ workflowExecution: { workflowId: 'health-test', runId } }).run(fn) as Promise<T>;

  it('finds Postgres, Temporal and the simulator healthy', async () => {
    const a = activities();
    expect((await run(() => a.probePostgres())).status).toBe('healthy');
    expect((await run(() => a.probeTemporal())).status).toBe('healthy');
    const broker = await run(() => a.probeBroker());
    expect(broker).toMatchObject({ component: 'broker', status: 'healthy' });
    expect(broker.detail).toContain('HTTP 200');
  });

  it('records an absent broker as unhealthy with the cause, and a rejected token likewise', async () => {
    const closedPort = await findFreePort();
    const absent = await run(() => activities({ brokerUrl: `http://127.0.0.1:${closedPort}` }).probeBroker());
    expect(absent.status).toBe('unhealthy');
    expect(absent.detail).toMatch(/unreachable: .*ECONNREFUSED/);
    const badToken = await run(() => activities({ brokerToken: 'wrong' }).probeBroker());
    expect(badToken).toMatchObject({ status: 'unhealthy' });
    expect(badToken.detail).toContain('HTTP 401');
  });

  it('asks once more when the venue refuses a new connection over its rate, as OANDA may', async () => {
    const limited = await startVenueSimulator({ port: 0, connectionLimits: { newConnectionsPerSecond: 1 } });
    try {
      // Another client's connection takes this second's only one.
      const other = await fetch(`${limited.url}/v3/accounts`, { headers: { Authorization: 'Bearer sim-token', Connection: 'close' } });
      expect(other.status).toBe(200);
      const broker = await run(() => activities({ brokerUrl: limited.url }).probeBroker());
      // The second it waited was its own pacing, not the venue's latency.
      expect(broker).toMatchObject({ component: 'broker', status: 'healthy', detail: expect.stringContaining('HTTP 200 (after one 429 over its rate)') });
    } finally {
      await limited.close();
    }
  });

  it('records Temporal as unhealthy when the namespace cannot be described', async () => {
    const down = await run(() => activities({ describeNamespace: async () => { throw new Error('14 UNAVAILABLE: connection refused'); } }).probeTemporal());
    expect(down).toMatchObject({ component: 'temporal', status: 'unhealthy' });
    expect(down.detail).toContain('UNAVAILABLE');
  });

  it('records a run once, even when the activity is retried after its commit', async () => {
    const a = activities();
    const result = {
      overall: 'healthy' as const,
      components: ['postgres', 'temporal', 'broker'].map((component) => ({ component, status: 'healthy' as const, latencyMs: 1, detail: 'ok' })),
      trigger: 'schedule' as const,
    };
    await run(() => a.recordHealth(result), 'run-retried');
    await run(() => a.recordHealth(result), 'run-retried');
    const rows = await handle.pool.query(`select count(*)::int as n from component_health where run_id = 'run-retried'`);
    const audit = await handle.pool.query(`select count(*)::int as n from audit_events where run_id = 'run-retried'`);
    expect([rows.rows[0].n, audit.rows[0].n]).toEqual([3, 1]);
  });
});
