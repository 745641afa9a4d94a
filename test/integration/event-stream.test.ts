import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { createApp } from '../../api/app';
import { EventHub } from '../../api/stream/event-hub';
import { feedHotPathStatus } from '../../api/stream/hot-path-feed';
import { feedStreamFromPostgres } from '../../api/stream/stream-feed';
import { waitFor } from '../../infra/async/wait-for';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { fillRow, upsertFills } from '../../infra/db/queries/fills';
import { publishHotPathStatus } from '../../infra/db/queries/hot-path-status';
import { insertSubmittingOrder, updateOrderResult } from '../../infra/db/queries/orders';
import { setTradingState } from '../../infra/db/queries/trading-state';
import { createLogger } from '../../infra/logging';
import { findFreePort } from '../../infra/net/free-port';
import { createTemporalClient, type TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { bearer, issueTestKey } from '../helpers/api-keys';
import type { TestDatabase } from '../helpers/postgres';
import { openEventStream } from '../helpers/sse-client';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

/** GET /api/stream on real Postgres: what the database commits reaches every client, resumably, and a slow client is dropped alone. */
describe('live event stream', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let temporal: TemporalClientHandle;
  let server: Server;
  let url: string;
  let viewer: Record<string, string>;
  const hub = new EventHub(50);
  const stopFeed = new AbortController();
  let feed: Promise<void>;

  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;
  const audit = (action: string, extra = '') => sql(`insert into audit_events (actor, action, workflow_id, run_id) values ('stream-test', $1, $2, $3)`, [action, extra ? `wf-${extra}` : null, extra ? `run-${extra}` : null]);

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('event_stream'));
    temporal = createTemporalClient({ address: `127.0.0.1:${await findFreePort()}` }, 'default');
    const logger = createLogger('stream-test', 'silent');
    feed = feedStreamFromPostgres({ connectionString: testDatabase.url, db: database.db, hub, runUrl: (workflowId, runId) => `ui/${workflowId}/${runId}`, logger }, stopFeed.signal);
    server = createApp({ config: loadConfig({}), database, temporal, metrics: new Registry(), logger, events: hub }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stream`;
    viewer = bearer(await issueTestKey(database.db, 'stream-viewer', 'viewer'));
    // The feed LISTENs once connected: a probe written until one arrives shows it is.
    const probe = await openEventStream(url, viewer);
    let probes = 0;
    await waitFor('the feed to deliver', async () => {
      await audit('stream.probe');
      probes += 1;
      return probe.received.length > 0 ? true : undefined;
    }, 20_000, 200);
    // Every probe delivered, so none reaches a test's own stream later.
    await waitFor('every probe to arrive', async () => (probe.received.length >= probes ? true : undefined), 20_000);
    await probe.close();
  });

  afterAll(async () => {
    hub.endAll();
    stopFeed.abort();
    await new Promise((resolve) => server?.close(resolve));
    await feed;
    await temporal?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('sends a viewer what commits: audit events with their run link, orders as they change, fills and trading states', async () => {
    const unauthenticated = await fetch(url);
    expect(unauthenticated.status).toBe(401);
    const stream = await openEventStream(url, viewer);
    try {
      await sendsWhatCommits(stream);
    } finally {
      await stream.close();
    }
  });

  async function sendsWhatCommits(stream: Awaited<ReturnType<typeof openEventStream>>): Promise<void> {
    expect(stream.status).toBe(200);

    await audit('circuit_breaker.tripped', 'breaker');
    await insertSubmittingOrder(database.db, { clientOrderId: 'stream-order-1', accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units: 1000, type: 'MARKET', source: 'workflow', strategy: 'ma-crossover', paramsVersion: 2 });
    await updateOrderResult(database.db, 'stream-order-1', { status: 'filled', filledUnits: 1000, fillPrice: 1.1 });
    await upsertFills(database.db, [fillRow(SIM_ACCOUNT_ID, { type: 'ORDER_FILL', transactionId: '77', clientOrderId: 'stream-order-1', instrument: 'EUR_USD', units: 1000, priceQuote: 1.1, timeMs: Date.now(), reason: 'MARKET_ORDER' }, 'workflow')!]);
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'HALTED', 'stream-test', 'testing the stream');

    await stream.next('the halt', (event) => event.event === 'trading_state');
    const kinds = stream.received.map((event) => event.event);
    expect(kinds).toEqual(['audit', 'order', 'order', 'fill', 'trading_state']);
    expect(stream.received[0]!.data).toMatchObject({ action: 'circuit_breaker.tripped', actor: 'stream-test', webUiUrl: 'ui/wf-breaker/run-breaker' });
    expect(stream.received.slice(1, 3).map((event) => (event.data as { status: string }).status)).toEqual(['submitting', 'filled']);
    expect(stream.received[3]!.data).toMatchObject({ transactionId: '77', clientOrderId: 'stream-order-1', source: 'workflow' });
    expect(stream.received[4]!.data).toEqual({ scope: SIM_ACCOUNT_ID, state: 'HALTED' });
  }

  it('resumes from Last-Event-ID with what was missed, and says reset when it no longer keeps it', async () => {
    const first = await openEventStream(url, viewer);
    await audit('stream.before');
    const seen = await first.next('the first event', (event) => event.data !== null && (event.data as { action?: string }).action === 'stream.before');
    await first.close();
    await audit('stream.missed-1');
    await audit('stream.missed-2');
    await waitFor('the hub to publish the missed events', async () => (hub.since(seen.id!)?.length === 2 ? true : undefined), 20_000, 20);

    const resumed = await openEventStream(url, { ...viewer, 'last-event-id': seen.id! });
    await resumed.next('the missed events', () => resumed.received.length >= 2);
    expect(resumed.received.slice(0, 2).map((event) => (event.data as { action: string }).action)).toEqual(['stream.missed-1', 'stream.missed-2']);
    await resumed.close();

    const stale = await openEventStream(url, { ...viewer, 'last-event-id': 'another-process-7' });
    expect(await stale.next('the reset', (event) => event.event === 'reset')).toMatchObject({ data: { lastEventId: 'another-process-7' } });
    await stale.close();
  });

  it('drops a client that stops reading, and keeps sending to the others', async () => {
    // The earlier tests' streams are closed by now, though the server may not have heard yet.
    await waitFor('no other stream', async () => (hub.clients === 0 ? true : undefined), 20_000, 20);
    const reader = await openEventStream(url, viewer);
    const stalled = await fetch(url, { headers: viewer });
    // Never read: its bytes pile up in the server's socket buffer.
    await waitFor('both to be subscribed', async () => (hub.clients === 2 ? true : undefined), 20_000, 20);
    const padding = 'x'.repeat(4096);
    for (let n = 0; n < 5_000 && hub.clients === 2; n++) {
      hub.publish('load', { n, padding });
      if (n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await waitFor('the stalled client to be dropped', async () => (hub.clients === 1 ? true : undefined), 20_000, 20);
    hub.publish('after', { still: 'here' });
    await reader.next('an event after the drop', (event) => event.event === 'after');
    expect(reader.ended).toBe(false);
    await stalled.body?.cancel().catch(() => undefined);
    await reader.close();
  });

  it('announces a hot path\'s instrument when what an operator watches changes, once per change', async () => {
    const stream = await openEventStream(url, viewer);
    const hotPathFeed = new AbortController();
    const feeding = feedHotPathStatus({ db: database.db, hub, logger: createLogger('stream-test', 'silent') }, hotPathFeed.signal);
    const publish = (positionUnits: number, decidedAt: string) => publishHotPathStatus(database.db, {
      processKey: `${SIM_ACCOUNT_ID}/EUR_USD`, accountId: SIM_ACCOUNT_ID, startedAt: new Date(),
      status: { instruments: [{ instrument: 'EUR_USD', positionUnits, paramsVersion: '3', warmupBarsLeft: 0, lastDecision: { outcome: 'order', decidedAt } }] },
    });
    try {
      await publish(1_000, '2026-12-01T10:00:00.000Z');
      const first = await stream.next('the first status', (event) => event.event === 'hot_path');
      expect(first.data).toMatchObject({ instrument: 'EUR_USD', accountId: SIM_ACCOUNT_ID, positionUnits: 1_000, running: true, lastDecision: { outcome: 'order' } });
      // Written again unchanged (as every status interval does), then changed: one more event, the change.
      await publish(1_000, '2026-12-01T10:00:00.000Z');
      await publish(0, '2026-12-01T10:01:00.000Z');
      const second = await stream.next('the changed status', (event) => event.event === 'hot_path' && (event.data as { positionUnits?: number }).positionUnits === 0);
      expect(second.data).toMatchObject({ lastDecision: { decidedAt: '2026-12-01T10:01:00.000Z' } });
      expect(stream.received.filter((event) => event.event === 'hot_path')).toHaveLength(2);
    } finally {
      hotPathFeed.abort();
      await feeding;
      await stream.close();
    }
  });
});
