import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { loadState } from '../../infra/venue-sim/persistence/state-file';

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

  it('answers 401 without a valid Bearer token, 404 for unknown paths and for faults it was not started with, and serves /sim/health without auth', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS });
    try {
      for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: TOKEN }] as Array<Record<string, string>>) {
        expect(await api(sim, 'GET', '/v3/accounts', undefined, headers)).toEqual({ status: 401, body: { errorMessage: 'Insufficient authorization to perform request.' } });
      }
      const unknown = await api(sim, 'GET', '/v3/nothing/here');
      expect(unknown.status).toBe(404);
      expect(unknown.body.errorMessage).toMatch(/\/v3\/nothing\/here/);
      expect(await api(sim, 'GET', '/sim/health', undefined, {})).toEqual({ status: 200, body: { status: 'ok' } });
      // Fault injection is off unless the simulator was started with it: even the token cannot switch it on.
      expect((await api(sim, 'POST', '/sim/faults/drop-streams', {})).status).toBe(404);
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

  it('aligns candles as OANDA does by default and as dailyAlignment, alignmentTimezone and weeklyAlignment ask, W and M too', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, seed: 3 });
    try {
      type Candles = { candles: Array<{ time: string; complete: boolean }> };
      const times = async (query: string) => ((await api(sim, 'GET', `/v3/instruments/EUR_USD/candles?${query}`)).body as unknown as Candles).candles.map((candle) => candle.time);
      // 10 March 2026, 09:30 UTC: New York went onto daylight saving time on the 8th, so that day has 23 hours.
      expect(await times('granularity=D&count=3')).toEqual(['2026-03-07T22:00:00.000000000Z', '2026-03-08T21:00:00.000000000Z', '2026-03-09T21:00:00.000000000Z']);
      expect(await times('granularity=D&count=1&dailyAlignment=0&alignmentTimezone=UTC')).toEqual(['2026-03-10T00:00:00.000000000Z']);
      expect(await times('granularity=H4&count=2')).toEqual(['2026-03-10T05:00:00.000000000Z', '2026-03-10T09:00:00.000000000Z']);
      expect(await times('granularity=W&count=2')).toEqual(['2026-02-27T22:00:00.000000000Z', '2026-03-06T22:00:00.000000000Z']);
      expect(await times('granularity=W&count=1&weeklyAlignment=Monday')).toEqual(['2026-03-09T21:00:00.000000000Z']);
      expect(await times('granularity=M&count=2')).toEqual(['2026-02-01T22:00:00.000000000Z', '2026-03-01T22:00:00.000000000Z']);
      for (const [query, field] of [['dailyAlignment=24', 'dailyAlignment'], ['alignmentTimezone=Mars/Olympus', 'alignmentTimezone'], ['weeklyAlignment=Someday', 'weeklyAlignment']]) {
        const refused = await api(sim, 'GET', `/v3/instruments/EUR_USD/candles?granularity=D&${query}`);
        expect({ status: refused.status, message: refused.body.errorMessage }).toEqual({ status: 400, message: expect.stringContaining(`'${field}'`) });
      }
    } finally {
      await sim.close();
    }
  });

  it('answers times as UNIX seconds when Accept-Datetime-Format asks for them, and refuses an unknown format', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, seed: 4 });
    try {
      const unix = { ...auth, 'Accept-Datetime-Format': 'UNIX' };
      const summary = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`, undefined, unix);
      expect((summary.body.account as { createdTime: string }).createdTime).toBe(`${START_MS / 1000}.000000000`);
      const candles = await api(sim, 'GET', '/v3/instruments/EUR_USD/candles?granularity=H1&count=1&from=1773133200', undefined, unix);
      expect((candles.body.candles as Array<{ time: string }>)[0]!.time).toBe('1773133200.000000000');
      const rfc = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`);
      expect((rfc.body.account as { createdTime: string }).createdTime).toBe('2026-03-10T09:30:00.000000000Z');
      const refused = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`, undefined, { ...auth, 'Accept-Datetime-Format': 'ISO' });
      expect({ status: refused.status, message: refused.body.errorMessage }).toEqual({ status: 400, message: expect.stringContaining("'Accept-Datetime-Format'") });
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

  it('resumes a virtual clock where its state file left off, and refuses a wall clock far behind it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'venue-sim-'));
    dirs.push(dir);
    const stateFile = path.join(dir, 'state.json');
    const ahead = await startVenueSimulator({ port: 0, stateFile, virtualClock: { startMs: START_MS }, seed: 7 });
    const reachedMs = ahead.advanceClock(3 * 3_600_000);
    await ahead.close();
    // The same start again: the clock carries on from where the venue was, not from three hours before it.
    const again = await startVenueSimulator({ port: 0, stateFile, virtualClock: { startMs: START_MS }, seed: 7 });
    try {
      expect(again.advanceClock(0)).toBeGreaterThanOrEqual(reachedMs);
    } finally {
      await again.close();
    }
    await expect(startVenueSimulator({ port: 0, stateFile, clock: () => START_MS, seed: 7 })).rejects.toThrow(/after the simulator's clock .*Delete the file, or start a virtual clock/);
  });

  it('has an acknowledged order on disk before answering, so a crash right after the answer keeps it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'venue-sim-'));
    dirs.push(dir);
    const stateFile = path.join(dir, 'state.json');
    const crashed = await startVenueSimulator({ port: 0, stateFile, clock: () => START_MS });
    try {
      const placed = await api(crashed, 'POST', `/v3/accounts/${ACCOUNT}/orders`, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '100', clientExtensions: { id: 'acked-1' } } });
      expect(placed.status).toBe(201);
      // Read back at once, while the first simulator still runs and without closing it: what a crash would leave.
      const account = loadState(stateFile)!.accounts.find((candidate) => candidate.id === ACCOUNT)!;
      expect(account.orders.find((order) => order.clientExtensions?.id === 'acked-1')).toMatchObject({ state: 'FILLED', units: '100' });
      expect(account.transactions.map((t) => t.type)).toEqual(['CREATE', 'TRANSFER_FUNDS', 'MARKET_ORDER', 'ORDER_FILL']);
    } finally {
      await crashed.close();
    }
  });

  it('processes a request whose response it then loses, so the order is found by its client id afterwards', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, faultsEnabled: true });
    try {
      sim.faults.loseNextResponse('POST', /\/orders$/);
      await expect(api(sim, 'POST', `/v3/accounts/${ACCOUNT}/orders`, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '100', clientExtensions: { id: 'lost-1' } } })).rejects.toThrow();
      const found = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/orders/@lost-1`);
      expect(found.body.order).toMatchObject({ state: 'FILLED', units: '100' });
      // The fault switches answer only to the simulator's token.
      expect((await api(sim, 'POST', '/sim/faults/lose-next-response', { method: 'GET', pathPattern: '/summary$' }, {})).status).toBe(401);
      expect((await api(sim, 'POST', '/sim/faults/lose-next-response', { method: 'GET', pathPattern: '/summary$' })).status).toBe(200);
      await expect(api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`)).rejects.toThrow();
      expect((await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/summary`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('refuses a client id only while a pending order or an open trade holds it, as OANDA does', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS });
    const orders = `/v3/accounts/${ACCOUNT}/orders`;
    const market = (id: string, units: string, tradeId?: string) => api(sim, 'POST', orders, {
      order: { type: 'MARKET', instrument: 'EUR_USD', units, clientExtensions: { id }, ...(tradeId ? { tradeClientExtensions: { id: tradeId } } : {}) },
    });
    const rejectReason = (answer: { body: Record<string, unknown> }) => (answer.body.orderRejectTransaction as { rejectReason?: string } | undefined)?.rejectReason;
    try {
      expect((await market('close-b', '1000', 'open-a')).status).toBe(201);
      // A filled order frees its client id: the same closing order twice is two fills.
      expect((await market('close-b', '-500')).status).toBe(201);
      expect((await market('close-b', '-500')).status).toBe(201);
      expect((await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/openPositions`)).body.positions).toEqual([]);

      expect((await market('trade-held', '100', 'trade-held')).status).toBe(201);
      const tradeTaken = await market('other', '100', 'trade-held');
      expect([tradeTaken.status, rejectReason(tradeTaken)]).toEqual([400, 'CLIENT_TRADE_ID_ALREADY_EXISTS']);
      expect((await api(sim, 'PUT', `/v3/accounts/${ACCOUNT}/trades/@trade-held/close`, {})).status).toBe(200);
      expect((await market('again', '100', 'trade-held')).status).toBe(201);

      const limit = { type: 'LIMIT', instrument: 'EUR_USD', units: '100', price: '0.50000', clientExtensions: { id: 'limit-held' } };
      expect((await api(sim, 'POST', orders, { order: limit })).status).toBe(201);
      const orderTaken = await api(sim, 'POST', orders, { order: limit });
      expect([orderTaken.status, rejectReason(orderTaken)]).toEqual([400, 'CLIENT_ORDER_ID_ALREADY_EXISTS']);
      expect((await api(sim, 'PUT', `${orders}/@limit-held/cancel`)).status).toBe(200);
      expect((await api(sim, 'POST', orders, { order: limit })).status).toBe(201);
      // With a cancelled and a pending order under one id, @id names the pending one.
      expect((await api(sim, 'GET', `${orders}/@limit-held`)).body.order).toMatchObject({ state: 'PENDING' });
    } finally {
      await sim.close();
    }
  });

  it('pages transactions/sinceid and puts a position close\'s client extensions on its order and fill', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, transactionsPageSize: 2 });
    try {
      await api(sim, 'POST', `/v3/accounts/${ACCOUNT}/orders`, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '300' } });
      const closed = await api(sim, 'PUT', `/v3/accounts/${ACCOUNT}/positions/EUR_USD/close`, { longUnits: '100', longClientExtensions: { id: 'part-1' } });
      expect(closed.body.longOrderCreateTransaction).toMatchObject({ units: '-100', clientExtensions: { id: 'part-1' } });
      expect(closed.body.longOrderFillTransaction).toMatchObject({ units: '-100', clientOrderID: 'part-1' });
      expect((await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/orders/@part-1`)).body.order).toMatchObject({ type: 'MARKET', state: 'FILLED', units: '-100' });

      const first = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/transactions/sinceid?id=2`);
      const ids = (first.body.transactions as Array<{ id: string }>).map((t) => t.id);
      // 1 CREATE, 2 TRANSFER_FUNDS, 3 MARKET_ORDER, 4 ORDER_FILL, 5 MARKET_ORDER (close), 6 ORDER_FILL.
      expect([ids, first.body.lastTransactionID]).toEqual([['3', '4'], '6']);
      const next = await api(sim, 'GET', `/v3/accounts/${ACCOUNT}/transactions/sinceid?id=4`);
      expect((next.body.transactions as Array<{ id: string }>).map((t) => t.id)).toEqual(['5', '6']);
    } finally {
      await sim.close();
    }
  });

  it('streams heartbeats every heartbeatMs, goes quiet when silenced and drops connections on demand', async () => {
    const sim = await startVenueSimulator({ port: 0, clock: () => START_MS, heartbeatMs: 40, faultsEnabled: true });
    try {
      const stream = await openStream(sim, 'EUR_USD,USD_CAD');
      await sleep(300);
      expect(stream.lines.filter((l) => l.type === 'PRICE').map((l) => l.instrument).sort()).toEqual(['EUR_USD', 'USD_CAD']); // a frozen clock: snapshot only
      const heartbeats = stream.lines.filter((l) => l.type === 'HEARTBEAT').length;
      expect(heartbeats).toBeGreaterThanOrEqual(3); // 300 ms at one per 40 ms, allowing for timer delays on a busy machine
      expect(heartbeats).toBeLessThanOrEqual(8);
      expect((await api(sim, 'POST', '/sim/faults/silence-streams', { silent: true })).status).toBe(200);
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
