import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { ensureTemporalCli } from '../../infra/temporal/binaries';
import { startTemporalDevServer, type RunningDevServer } from '../../infra/temporal/dev-server';
import { HEALTH_CHECK_SCHEDULE_ID } from '../../workflows/definitions/health-check';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startEntryPoint, type RunningProcess } from '../helpers/processes';
import { waitFor } from '../../infra/async/wait-for';
import { connectDatabase } from '../../infra/db/client';
import { bearer, issueTestKey } from '../helpers/api-keys';

jest.setTimeout(180_000);

/**
 * The foundation end to end, with real parts only: a Temporal dev server, Postgres, the compiled worker and api
 * processes. The broker URL points at a port nobody listens on: the health check must record it as unhealthy.
 */
describe('foundation: scheduled health monitoring through the real stack', () => {
  let temporalDir: string;
  let temporal: RunningDevServer;
  let database: TestDatabase;
  let pg: PgClient;
  let client: Client;
  let env: Record<string, string>;
  let worker: RunningProcess;
  let api: RunningProcess;
  let apiUrl: string;
  let key: string;

  beforeAll(async () => {
    temporalDir = await mkdtemp(join(tmpdir(), 'foundation-temporal-'));
    temporal = await startTemporalDevServer({
      cliPath: await ensureTemporalCli({ projectRoot: projectRoot() }),
      dataDir: temporalDir,
      port: await findFreePort(),
      uiPort: null,
    });
    database = await createTestDatabase('foundation');
    pg = new PgClient({ connectionString: database.url });
    await pg.connect();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });

    const apiPort = await findFreePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
      API_PORT: String(apiPort),
      WORKER_METRICS_PORT: String(await findFreePort()),
      BROKER_URL: `http://127.0.0.1:${await findFreePort()}`,
      BROKER_TOKEN: 'sim-token',
      PROBE_TIMEOUT_MS: '1000',
    };
    worker = startEntryPoint('worker', 'workers/orchestration', env);
    api = startEntryPoint('api', 'api/main', env);
    await waitFor('the api to be ready', async () => ((await fetch(`${apiUrl}/ready`)).status === 200 ? true : undefined), 90_000);
    // The api has migrated the database: its first key, as `bin/admin keys create` would make it.
    const handle = connectDatabase(database.url);
    try {
      key = await issueTestKey(handle.db, 'integration-test', 'trader');
    } finally {
      await handle.close();
    }
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await client?.connection.close();
    await pg?.end();
    await database?.drop();
    await temporal?.stop();
    await rm(temporalDir, { recursive: true, force: true });
  });

  it('answers liveness and metrics', async () => {
    const health = await fetch(`${apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const metrics = await (await fetch(`${apiUrl}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total{service="api"}');
    const workerMetrics = await (await fetch(`http://127.0.0.1:${env.WORKER_METRICS_PORT}/metrics`)).text();
    expect(workerMetrics).toContain('service="orchestration-worker"');
  });

  it('starts a health check over REST, records one row per component and an audit event', async () => {
    const response = await fetch(`${apiUrl}/api/system/health-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ requestedBy: 'a note' }),
    });
    expect(response.status).toBe(202);
    const started = await response.json() as { workflowId: string; runId: string; webUiUrl: string };
    expect(started.webUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${started.workflowId}/${started.runId}/history`);

    const handle = client.workflow.getHandle(started.workflowId, started.runId);
    const result = await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(result.overall).toBe('unhealthy');

    const rows = (await pg.query('select component, status, detail from component_health where workflow_id = $1 order by component', [started.workflowId])).rows;
    expect(rows.map((r) => [r.component, r.status])).toEqual([['broker', 'unhealthy'], ['postgres', 'healthy'], ['temporal', 'healthy']]);
    expect(rows[0].detail).toMatch(/unreachable/);
    // The broker being down at start stops trading (its queue waits for reconciliation), never monitoring.
    expect(worker.output()).toContain('restart reconciliation failed: no order is placed for this account until it succeeds');
    const audit = (await pg.query('select actor, action, run_id from audit_events where workflow_id = $1', [started.workflowId])).rows;
    expect(audit).toEqual([{ actor: 'integration-test', action: 'health_check.recorded', run_id: started.runId }]);

    const latest = await (await fetch(`${apiUrl}/api/system/health`, { headers: bearer(key) })).json() as { overall: string; components: Array<{ component: string; workflowId: string }> };
    expect(latest.overall).toBe('unhealthy');
    expect(latest.components.map((c) => c.component).sort()).toEqual(['broker', 'postgres', 'temporal']);
  });

  it('rejects a malformed health-check request with a 400 naming the field', async () => {
    const response = await fetch(`${apiUrl}/api/system/health-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ requestedBy: 42 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/requestedBy/);
  });

  it('runs the health check from a schedule created once, however often the worker starts', async () => {
    const scheduleIds = async () => {
      const ids: string[] = [];
      for await (const schedule of client.schedule.list()) ids.push(schedule.scheduleId);
      return ids;
    };
    await waitFor('the schedule to be listed', async () => ((await scheduleIds()).includes(HEALTH_CHECK_SCHEDULE_ID) ? true : undefined));

    const secondWorker = startEntryPoint('worker-2', 'workers/orchestration', { ...env, WORKER_METRICS_PORT: String(await findFreePort()) });
    await waitFor('the second worker to ensure the schedule', async () => (secondWorker.output().includes('health-check schedule ensured') ? true : undefined));
    expect(secondWorker.output()).toContain('"outcome":"updated"');
    expect((await scheduleIds()).filter((id) => id === HEALTH_CHECK_SCHEDULE_ID)).toHaveLength(1);
    expect((await secondWorker.stop()).code).toBe(0);

    const schedule = client.schedule.getHandle(HEALTH_CHECK_SCHEDULE_ID);
    const description = await schedule.describe();
    expect(description.spec.intervals?.[0]?.every).toBe(60_000);
    await schedule.trigger();
    const run = await waitFor('a scheduled run', async () => (await schedule.describe()).info.recentActions.at(-1)?.action);
    const result = await client.workflow.getHandle(run.workflow.workflowId, run.workflow.firstExecutionRunId).result();
    expect(result.components).toHaveLength(3);
    const recorded = await pg.query('select count(*)::int as n from component_health where workflow_id = $1', [run.workflow.workflowId]);
    expect(recorded.rows[0].n).toBe(3);
  });

  it('reports not ready, naming Temporal, when Temporal is down, and stops cleanly', async () => {
    await temporal.stop();
    const response = await waitFor('the api to notice Temporal is gone', async () => {
      const r = await fetch(`${apiUrl}/ready`);
      return r.status === 503 ? r : undefined;
    }, 30_000);
    const body = await response.json() as { failing: string[]; checks: Record<string, { ok: boolean }> };
    expect(body.failing).toEqual(['temporal']);
    expect(body.checks.postgres!.ok).toBe(true);
    const exit = await api.stop();
    if (exit.code !== 0) console.log(api.output().split('\n').slice(-40).join('\n'));
    expect(exit.code).toBe(0);
  });
});
