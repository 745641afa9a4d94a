import { Client } from 'pg';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { waitFor } from '../../infra/async/wait-for';
import { loadConfig } from '../../infra/config';
import { fillRow, upsertFills } from '../../infra/db/queries/fills';
import { insertSubmittingOrder } from '../../infra/db/queries/orders';
import { navSeries } from '../../infra/db/queries/risk-snapshots';
import { createLogger } from '../../infra/logging';
import { findFreePort } from '../../infra/net/free-port';
import { createTemporalClient, type TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { bearer, issueTestKey } from '../helpers/api-keys';
import { venueTransactions } from '../helpers/hot-path-process';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';
import { accountBrokers } from '../../infra/broker/account-brokers';

interface State {
  tradingState: { state: string };
  summary: { nav: number; balance: number; unrealizedPl: number; realizedPlToday: number; lastTransactionId: string };
  positions: Array<{ instrument: string; netUnits: number; stopLossPrice: number | 'mixed' | null; takeProfitPrice: number | 'mixed' | null }>;
  trades: Array<{ instrument: string; currentUnits: number; stopLossPrice: number | null; takeProfitPrice: number | null; strategy: string | null; paramsVersion: number | null }>;
  pendingOrders: Array<{ type: string; instrument?: string; priceQuote?: number }>;
  recentFills: Array<{ instrument: string; strategy: string | null; paramsVersion: number | null }>;
}

/**
 * GET /api/accounts/:id/state with the real OANDA adapter over HTTP to the simulator and real Postgres: the broker's
 * figures and open book, each trade's stops and the strategy version that opened it, and the recent fills.
 */
describe('account state over REST', () => {
  const venue = useSimulatorWithDatabase('account_state', 61);
  let temporal: TemporalClientHandle;

  beforeAll(async () => {
    temporal = createTemporalClient({ address: `127.0.0.1:${await findFreePort()}` }, 'default');
  });

  afterAll(async () => {
    await temporal?.close();
  });

  it('shows the account as the broker has it, with stops, targets, strategy versions and recent fills, to a viewer', async () => {
    const { broker, database } = venue;
    const place = async (clientOrderId: string, instrument: string, units: number, protect: { stop?: number; target?: number }) => {
      const { lastTransactionId } = await broker.accountSummary();
      const [quote] = await broker.prices([instrument]);
      return broker.placeOrder({
        type: 'MARKET', clientOrderId, instrument, units,
        ...(protect.stop && { stopLossOnFill: { priceQuote: Number((quote!.bid * protect.stop).toFixed(5)) } }),
        ...(protect.target && { takeProfitOnFill: { priceQuote: Number((quote!.ask * protect.target).toFixed(5)) } }),
      }, { lastKnownTransactionId: lastTransactionId });
    };
    await insertSubmittingOrder(database.db, { clientOrderId: 'state-ma-1', accountId: SIM_ACCOUNT_ID, instrument: 'EUR_USD', units: 1000, type: 'MARKET', source: 'workflow', strategy: 'ma-crossover', paramsVersion: 3 });
    await place('state-ma-1', 'EUR_USD', 1000, { stop: 0.99, target: 1.01 });
    await place('state-manual-1', 'EUR_USD', 500, {});
    await place('state-manual-2', 'USD_JPY', -700, { stop: 1.01 });
    const [limitQuote] = await broker.prices(['GBP_USD']);
    const { lastTransactionId } = await broker.accountSummary();
    await broker.placeOrder({ type: 'LIMIT', clientOrderId: 'state-entry', instrument: 'GBP_USD', units: 100, priceQuote: Number((limitQuote!.bid * 0.9).toFixed(5)) }, { lastKnownTransactionId: lastTransactionId });
    await upsertFills(database.db, (await venueTransactions(broker)).flatMap((transaction) => fillRow(SIM_ACCOUNT_ID, transaction, 'venue') ?? []));

    const app = createApp({ config: loadConfig({ BROKER_URL: venue.sim.url }), database, temporal, metrics: new Registry(), logger: createLogger('account-state-test', 'silent'), brokers: accountBrokers([broker]) });
    const viewer = bearer(await issueTestKey(database.db, 'state-viewer', 'viewer'));
    expect((await request(app).get(`/api/accounts/${SIM_ACCOUNT_ID}/state`)).status).toBe(401);
    expect((await request(app).get('/api/accounts/101-001-0000009-001/state').set(viewer)).status).toBe(404);

    const response = await request(app).get(`/api/accounts/${SIM_ACCOUNT_ID}/state`).set(viewer);
    expect(response.status).toBe(200);
    const state = response.body as State;
    const summary = await broker.accountSummary();
    expect(state.summary).toMatchObject({ balance: summary.balance, lastTransactionId: summary.lastTransactionId });
    expect(state.tradingState.state).toBe('ACTIVE');
    expect(state.positions.map((p) => [p.instrument, p.netUnits, p.stopLossPrice === 'mixed', p.takeProfitPrice === 'mixed']).sort()).toEqual([
      ['EUR_USD', 1500, true, true], ['USD_JPY', -700, false, false],
    ]);
    const usdJpy = state.positions.find((p) => p.instrument === 'USD_JPY')!;
    expect(typeof usdJpy.stopLossPrice).toBe('number');
    expect(usdJpy.takeProfitPrice).toBeNull();
    const strategyTrade = state.trades.find((t) => t.strategy === 'ma-crossover')!;
    expect(strategyTrade).toMatchObject({ instrument: 'EUR_USD', currentUnits: 1000, paramsVersion: 3 });
    expect(strategyTrade.stopLossPrice).toBeLessThan(strategyTrade.takeProfitPrice!);
    expect(state.trades.filter((t) => t.strategy === null)).toHaveLength(2);
    expect(state.pendingOrders).toEqual([expect.objectContaining({ type: 'LIMIT', instrument: 'GBP_USD' })]);
    expect(state.recentFills).toHaveLength(3);
    expect(state.recentFills.filter((fill) => fill.strategy === 'ma-crossover').map((fill) => fill.paramsVersion)).toEqual([3]);
  });

  it('lists the accounts, shows one with its standing and limits, and its NAV over time in at most 500 points', async () => {
    const { database } = venue;
    const app = createApp({ config: loadConfig({ BROKER_URL: venue.sim.url, MAX_ORDER_UNITS: '250000' }), database, temporal, metrics: new Registry(), logger: createLogger('account-state-test', 'silent') });
    const viewer = bearer(await issueTestKey(database.db, 'accounts-viewer', 'viewer'));
    const nowMs = Date.now();
    // Two days of readings a minute apart: the last one of each slice of the window is kept.
    const readings = Array.from({ length: 2 * 24 * 60 }, (_, minute) => ({ minute, takenAt: new Date(nowMs - (2 * 24 * 60 - minute) * 60_000) }));
    await database.pool.query(
      `insert into risk_snapshots (account_id, taken_at, nav_usd, gross_exposure_usd, net_exposure_usd, largest_concentration, daily_pnl_usd, drawdown)
       select $1, t, 100000 + i, 0, 0, 0, 0, 0 from unnest($2::timestamptz[], $3::int[]) as r(t, i)`,
      [SIM_ACCOUNT_ID, readings.map((reading) => reading.takenAt.toISOString()), readings.map((reading) => reading.minute)],
    );

    const list = await request(app).get('/api/accounts').set(viewer);
    expect(list.body.items).toEqual([{ id: SIM_ACCOUNT_ID, venue: 'sim', alias: 'simulator default', currency: 'USD', enabled: true, credential: null, limitOverrides: {} }]);

    const one = await request(app).get(`/api/accounts/${SIM_ACCOUNT_ID}`).set(viewer);
    expect(one.body).toMatchObject({ id: SIM_ACCOUNT_ID, tradingState: { state: 'ACTIVE' }, navUsd: 100000 + 2 * 24 * 60 - 1, tradedByThisDeployment: true, limits: { maxUnits: 250000 } });
    expect((await request(app).get('/api/accounts/101-001-0000009-001').set(viewer)).status).toBe(404);

    const equity = await request(app).get(`/api/accounts/${SIM_ACCOUNT_ID}/equity?hours=24`).set(viewer);
    const points = equity.body.points as Array<{ at: string; navUsd: number }>;
    expect(points.length).toBeGreaterThan(400);
    expect(points.length).toBeLessThanOrEqual(500);
    expect(Date.parse(points[0]!.at)).toBeGreaterThanOrEqual(nowMs - 24 * 3_600_000);
    expect(points.at(-1)!.navUsd).toBe(100000 + 2 * 24 * 60 - 1);
    expect(points.map((point) => point.at)).toEqual([...points.map((point) => point.at)].sort());
    expect((await request(app).get(`/api/accounts/${SIM_ACCOUNT_ID}/equity?hours=0`).set(viewer)).status).toBe(400);
    // A young account's first readings, a minute apart, are all kept: the slices span its readings, not the whole day.
    await database.pool.query(
      `insert into risk_snapshots (account_id, taken_at, nav_usd, gross_exposure_usd, net_exposure_usd, largest_concentration, daily_pnl_usd, drawdown)
       select 'young-account', now() - make_interval(secs => 60 * i), 100000 - i, 0, 0, 0, 0, 0 from generate_series(0, 2) as i`,
    );
    expect((await navSeries(database.db, 'young-account', nowMs - 24 * 3_600_000, Date.now(), 500)).map((point) => point.navUsd)).toEqual([99998, 99999, 100000]);
    expect((await request(app).get('/api/accounts/101-001-0000009-001/equity').set(viewer)).status).toBe(404);
  });

  it('disables an account for an admin, halting both paths with a notification, and enables it again', async () => {
    const { database } = venue;
    const app = createApp({ config: loadConfig({ BROKER_URL: venue.sim.url }), database, temporal, metrics: new Registry(), logger: createLogger('account-state-test', 'silent') });
    const admin = bearer(await issueTestKey(database.db, 'accounts-admin', 'admin'));
    const trader = bearer(await issueTestKey(database.db, 'accounts-trader', 'trader'));
    const listener = new Client({ connectionString: String(database.pool.options.connectionString) });
    await listener.connect();
    const notified: Array<{ scope: string; state: string }> = [];
    listener.on('notification', (message) => notified.push(JSON.parse(message.payload ?? '{}') as { scope: string; state: string }));
    const heard = (state: string) => notified.some((payload) => payload.scope === SIM_ACCOUNT_ID && payload.state === state);
    await listener.query('LISTEN trading_state_changed');
    try {
      const disable = (headers: Record<string, string>, body: unknown, id = SIM_ACCOUNT_ID) => request(app).post(`/api/accounts/${id}/disable`).set(headers).send(body as object);
      expect((await disable(trader, { reason: 'review' })).status).toBe(403);
      expect((await disable(admin, {})).body.details.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect((await disable(admin, { reason: 'review' }, '101-001-0000009-001')).status).toBe(404);

      const disabled = await disable(admin, { reason: 'quarterly review' });
      expect(disabled.body).toEqual({ accountId: SIM_ACCOUNT_ID, enabled: false, changed: true, tradingState: { state: 'HALTED', reason: 'account disabled', scope: SIM_ACCOUNT_ID } });
      expect((await disable(admin, { reason: 'again' })).body).toMatchObject({ changed: false });
      expect((await request(app).get(`/api/accounts/${SIM_ACCOUNT_ID}`).set(admin)).body).toMatchObject({ enabled: false, tradingState: { state: 'HALTED' } });
      await waitFor('the halt notification', async () => (heard('HALTED') ? true : undefined), 10_000);

      const enabled = await request(app).post(`/api/accounts/${SIM_ACCOUNT_ID}/enable`).set(admin).send({ reason: 'review done' });
      expect(enabled.body).toEqual({ accountId: SIM_ACCOUNT_ID, enabled: true, changed: true, tradingState: { state: 'ACTIVE' } });
      await waitFor('the resume notification', async () => (heard('ACTIVE') ? true : undefined), 10_000);
      expect(notified.filter((payload) => payload.scope === SIM_ACCOUNT_ID)).toHaveLength(2);
      const { rows } = await database.pool.query("select actor, action, reason from audit_events where subject_type = 'account' order by id");
      expect(rows).toEqual([
        { actor: 'accounts-admin', action: 'account.disabled', reason: 'quarterly review' },
        { actor: 'accounts-admin', action: 'account.enabled', reason: 'review done' },
      ]);
    } finally {
      await listener.end();
    }
  });
});
