import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { createLogger } from '../../infra/logging';
import { findFreePort } from '../../infra/net/free-port';
import { createTemporalClient, type TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { registerStorageMetrics } from '../../infra/telemetry/storage-metrics';
import { startVenueSimulator } from '../../infra/venue-sim';
import { bearer, issueTestKey } from '../helpers/api-keys';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

interface StorageAnswer {
  database: { bytes: number; tables: Array<{ table: string; partitionOf: string | null; bytes: number; rowsEstimate: number }> };
  localFiles: Array<{ store: string; file: string; bytes: number }>;
}

/** What the system stores and how big it is, over REST and in the worker's metrics, from Postgres and DATA_DIR. */
describe('storage visibility', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let temporal: TemporalClientHandle;
  let dataDir: string;
  let viewerKey: string;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('storage_visibility'));
    temporal = createTemporalClient({ address: `127.0.0.1:${await findFreePort()}` }, 'default');
    viewerKey = await issueTestKey(database.db, 'storage-viewer', 'viewer');
    // A simulator with its state under DATA_DIR/venue-sim, as bin/start runs it; closing it compacts the state.
    dataDir = mkdtempSync(path.join(tmpdir(), 'storage-visibility-'));
    const sim = await startVenueSimulator({ port: 0, seed: 8, stateFile: path.join(dataDir, 'venue-sim', 'state.json') });
    await sim.close();
    await database.pool.query(`insert into audit_events (actor, action) select 'storage-test', 'filler' from generate_series(1, 2000)`);
    await database.pool.query('analyze audit_events');
  });

  afterAll(async () => {
    await temporal?.close();
    await database?.close();
    await testDatabase?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the database, every table largest first, and the local stores\' files to a viewer', async () => {
    const app = createApp({ config: loadConfig({ DATA_DIR: dataDir }), database, temporal, metrics: new Registry(), logger: createLogger('storage-test', 'silent') });
    expect((await request(app).get('/api/system/storage')).status).toBe(401);
    const response = await request(app).get('/api/system/storage').set(bearer(viewerKey));
    expect(response.status).toBe(200);
    const body = response.body as StorageAnswer;
    const audit = body.database.tables.find((row) => row.table === 'audit_events')!;
    expect(audit.rowsEstimate).toBeGreaterThanOrEqual(2000);
    expect(audit.bytes).toBeGreaterThan(100_000);
    expect(body.database.tables.map((row) => row.table)).toEqual(expect.arrayContaining(['orders', 'fills', 'hot_path_decisions', 'broker_rest_calls']));
    const sizes = body.database.tables.map((row) => row.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const tables = body.database.tables.filter((row) => row.partitionOf === null);
    expect(body.database.bytes).toBeGreaterThanOrEqual(tables.reduce((sum, row) => sum + row.bytes, 0));
    const auditPartitions = body.database.tables.filter((row) => row.partitionOf === 'audit_events');
    expect(auditPartitions.map((row) => row.table)).toContain('audit_events_default');
    expect(audit.bytes).toBe(auditPartitions.reduce((sum, row) => sum + row.bytes, 0));
    expect(body.localFiles.map((file) => `${file.store}/${file.file}`)).toEqual(['venue-sim/state.json', expect.stringMatching(/^venue-sim\/state\.json\.log\.\d+\.jsonl$/)]);
    expect(body.localFiles.every((file) => file.bytes > 0)).toBe(true);
  });

  it('exports the same figures as metrics, and lists no local file where DATA_DIR holds no store', async () => {
    const registry = new Registry();
    registerStorageMetrics(registry, database.db, dataDir);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/^storage_database_bytes [1-9]\d+$/m);
    expect(metrics).toMatch(/^storage_table_bytes\{table="audit_events",partition_of=""\} [1-9]\d+$/m);
    expect(metrics).toMatch(/^storage_table_rows_estimate\{table="audit_events",partition_of=""\} 20\d\d$/m);
    expect(metrics).toMatch(/^storage_file_bytes\{store="venue-sim",file="state.json"\} [1-9]\d*$/m);

    const elsewhere = new Registry();
    registerStorageMetrics(elsewhere, database.db, mkdtempSync(path.join(tmpdir(), 'storage-empty-')));
    expect(await elsewhere.metrics()).not.toMatch(/^storage_file_bytes\{/m);
  });

  it('archives a month of a money table only for an admin, and refuses a bad, recent, missing or unsettled month before starting anything', async () => {
    const app = createApp({ config: loadConfig({ DATA_DIR: dataDir }), database, temporal, metrics: new Registry(), logger: createLogger('storage-test', 'silent') });
    const adminKey = await issueTestKey(database.db, 'archive-admin', 'admin');
    const archive = (body: object, key = adminKey) => request(app).post('/api/system/archive').set(bearer(key)).send(body);
    expect((await archive({ table: 'orders', month: '2025-01' }, viewerKey)).status).toBe(403);

    const badTable = await archive({ table: 'hot_path_decisions', month: '2025-01' });
    expect(badTable.status).toBe(400);
    expect(badTable.body.details.fields.map((field: { field: string }) => field.field)).toEqual(['table']);
    expect((await archive({ table: 'orders', month: '2025-13' })).body.details.fields).toEqual([{ field: 'month', message: 'expected a month as YYYY-MM' }]);

    const thisMonth = new Date().toISOString().slice(0, 7);
    const recent = await archive({ table: 'audit_events', month: thisMonth });
    expect(recent.status).toBe(400);
    expect(recent.body.error).toMatch(/ARCHIVE_MIN_AGE_DAYS/);
    expect(recent.body.details.fields[0].field).toBe('month');

    expect((await archive({ table: 'fills', month: '2024-02' })).status).toBe(404);
    await database.pool.query(`select ensure_monthly_partition('orders', '2025-02-10T00:00:00Z')`);
    await database.pool.query(`insert into orders (client_order_id, account_id, instrument, units, type, status, source, created_at)
      values ('archive-unsettled', $1, 'EUR_USD', 1000, 'MARKET', 'submitting', 'workflow', '2025-02-10T00:00:00Z')`, [SIM_ACCOUNT_ID]);
    const unsettled = await archive({ table: 'orders', month: '2025-02' });
    expect(unsettled.status).toBe(409);
    expect(unsettled.body.error).toMatch(/1 orders still waiting/);
  });
});
