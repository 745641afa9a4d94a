import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';

const TOKEN = 'sim-token';
const ACCOUNT = '101-001-0000001-002';
const START_MS = Date.UTC(2026, 2, 10, 9, 30, 0);

const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

async function api(sim: VenueSimulator, method: string, url: string, body?: unknown, headers: Record<string, string> = auth): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface StreamHandle {
  lines: Array<{ type: string; instrument?: string; time: string }>;
  ended: Promise<void>;
  request: ClientRequest;
}

function openStream(sim: VenueSimulator, instruments: string): Promise<StreamHandle> {
  return new Promise((resolve, reject) => {
    const lines: StreamHandle['lines'] = [];
    let ended!: () => void;
    const endedPromise = new Promise<void>((r) => (ended = r));
    const request = httpRequest(`${sim.url}/v3/accounts/${ACCOUNT}/pricing/stream?instruments=${instruments}`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const complete = buffer.split('\n');
        buffer = complete.pop()!;
        lines.push(...complete.filter(Boolean).map((l) => JSON.parse(l) as StreamHandle['lines'][number]));
      });
      res.on('close', ended);
      resolve({ lines, ended: endedPromise, request });
    });
    request.on('error', () => ended());
    request.on('error', reject);
    request.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('venue simulator over HTTP', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('answers 401 without a valid Bearer token, 404 for unknown paths, and serves /sim/health without auth', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS });
    try {
      for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: TOKEN }] as Array<Record<string, string>>) {
        expect(await api(sim, 'GET', '/v3/accounts', undefined, headers)).toEqual({ status: 401, body: { errorMessage: 'Insufficient authorization to perform request.' } });
      }
      const unknown = await api(sim, 'GET', '/v3/nothing/here');
      expect(unknown.status).toBe(404);
      expect(unknown.body.errorMessage).toMatch(/\/v3\/nothing\/here/);
      expect(await api(sim, 'GET', '/sim/health', undefined, {})).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await api(sim, 'GET', '/v3/accounts')).body.accounts).toEqual(
        ['001', '002', '003'].map((n) => ({ id: `101-001-0000001-${n}`, tags: [] })),
      );
    } finally {
      await sim.close();
    }
  });

  it('answers 429 once a token exceeds its requests per second, and keeps other tokens unaffected', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, rateLimitPerSecond: 3, tokens: [TOKEN, 'other'] });
    try {
      const statuses = await Promise.all(Array.from({ length: 8 }, () => api(sim, 'GET', '/v3/accounts').then((r) => r.status)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(5);
      expect((await api(sim, 'GET', '/v3/accounts', undefined, { Authorization: 'Bearer other' })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('keeps accounts, orders, trades and the price history across a restart from its state file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'venue-sim-'));
    dirs.push(dir);
    const stateFile = path.join(dir, 'state.json');
    let nowMs = START_MS;
    const first = await startVenueSimulator({ port: 0, stateFile, clock: () => nowMs, seed: 7 });
    const placed = await api(first, 'POST', `/v3/accounts/${ACCOUNT}/orders`, { order: { type: 'MARKET', instrument: 'GBP_USD', units: '2500', clientExtensions: { id: 'persist-1' }, stopLossOnFill: { distance: '0.01000' } } });
    expect(placed.status).toBe(201);
    const before = await api(first, 'GET', `/v3/accounts/${ACCOUNT}`);
    expect(before.body.lastTransactionID).toBe('5');
    const candlesBefore = await api(first, 'GET', '/v3/instruments/GBP_USD/candles?granularity=H1&count=48&price=BA');
    await first.close();

    const second = await startVenueSimulator({ port: 0, stateFile, clock: () => nowMs, seed: 7 });
    try {
      expect(await api(second, 'GET', `/v3/accounts/${ACCOUNT}`)).toEqual(before);
      expect(await api(second, 'GET', '/v3/instruments/GBP_USD/candles?granularity=H1&count=48&price=BA')).toEqual(candlesBefore);
      expect((await api(second, 'GET', `/v3/accounts/${ACCOUNT}/orders/@persist-1`)).body.order).toMatchObject({ state: 'FILLED', tradeOpenedID: '4' });
      nowMs += 60_000;
      const next = await api(second, 'POST', `/v3/accounts/${ACCOUNT}/orders`, { order: { type: 'MARKET', instrument: 'GBP_USD', units: '-500' } });
      // 1 CREATE, 2 TRANSFER_FUNDS, 3 MARKET_ORDER, 4 ORDER_FILL, 5 STOP_LOSS_ORDER: ids carry on from the file.
      expect((next.body.orderCreateTransaction as { id: string }).id).toBe('6');
    } finally {
      await second.close();
    }
  });

  it('processes a request whose response it then loses, so the order is found by its client id afterwards', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS });
    try {
      sim.faults.loseNextResponse('POST', /\/orders$/);
      await expect(api(sim, 'POST', `/v3/accounts/${ACCOUNT}/orders`, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '100', clientExtensions: { id: 'lost-1' } } })).rejects.toThrow();
      const found = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/orders/@lost-1`);
      expect(found.body.order).toMatchObject({ state: 'FILLED', units: '100' });
      expect((await api(sim, 'POST', '/sim/faults/lose-next-response', { method: 'GET', pathPattern: '/summary$' }, {})).status).toBe(200);
      await expect(api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`)).rejects.toThrow();
      expect((await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('streams heartbeats every heartbeatMs, goes quiet when silenced and drops connections on demand', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, heartbeatMs: 40 });
    try {
      const stream = await openStream(sim, 'EUR_USD,USD_CAD');
      await sleep(300);
      expect(stream.lines.filter((l) => l.type === 'PRICE').map((l) => l.instrument).sort()).toEqual(['EUR_USD', 'USD_CAD']); // a frozen clock: snapshot only
      const heartbeats = stream.lines.filter((l) => l.type === 'HEARTBEAT').length;
      expect(heartbeats).toBeGreaterThanOrEqual(3); // 300 ms at one per 40 ms, allowing for timer delays on a busy machine
      expect(heartbeats).toBeLessThanOrEqual(8);
      expect((await api(sim, 'POST', '/sim/faults/silence-streams', { silent: true }, {})).status).toBe(200);
      await sleep(60);
      const quietFrom = stream.lines.length;
      await sleep(250);
      expect(stream.lines.length).toBe(quietFrom);
      sim.faults.silenceStreams(false);
      await sleep(150);
      expect(stream.lines.length).toBeGreaterThan(quietFrom);
      sim.faults.dropStreams();
      await stream.ended;
      expect(stream.request.destroyed || stream.request.writableEnded).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('sends at most 4 prices per second per instrument even when the price changes far faster', async () => {
    const realStart = Date.now();
    // Sixty simulated seconds per real second: the price path moves every ~17 ms of real time.
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS + (Date.now() - realStart) * 60 });
    try {
      const openedAt = performance.now();
      const stream = await openStream(sim, 'EUR_USD,XAU_USD');
      await sleep(1600);
      stream.request.destroy();
      const elapsedSeconds = (performance.now() - openedAt) / 1000;
      for (const instrument of ['EUR_USD', 'XAU_USD']) {
        const prices = stream.lines.filter((l) => l.type === 'PRICE' && l.instrument === instrument);
        expect(prices.length).toBeGreaterThanOrEqual(3);
        expect(prices.length).toBeLessThanOrEqual(Math.ceil(4 * elapsedSeconds) + 1);
        const gapsMs = prices.slice(1).map((p, i) => (Date.parse(p.time) - Date.parse(prices[i]!.time)) / 60);
        expect(Math.min(...gapsMs)).toBeGreaterThanOrEqual(200); // 250 ms apart in real time, less timer jitter
      }
    } finally {
      await sim.close();
    }
  });
});
