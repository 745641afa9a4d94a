import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createBrokerActivities, type AccountSnapshotResult } from '../../activities/broker/broker-activities';
import { createAnalysisActivities } from '../../activities/trading/analysis-activities';
import { createMarketDataActivities } from '../../activities/market-data/market-data-activities';
import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import { withOrderAttemptLock } from '../../infra/db/queries/order-attempt-lock';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { setAccountEnabled } from '../../infra/db/queries/accounts';
import { ACCOUNT_DISABLED_REASON, effectiveTradingState, setTradingState } from '../../infra/db/queries/trading-state';
import { preTradeLimitsFrom } from '../../infra/orchestration/trading-limits';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(60_000);

const SNAPSHOT: AccountSnapshotResult = {
  accountId: SIM_ACCOUNT_ID, navUsd: 100_000, unrealizedPlUsd: 0, dailyPnlUsd: 0, marginAvailableUsd: 100_000, openTradeCount: 1, lastTransactionId: '1',
  positions: { GBP_USD: 5_000 },
  pricesMid: { EUR_USD: 1.1, USD_JPY: 150, GBP_USD: 1.3 },
  quotes: { EUR_USD: { bid: 1.0998, ask: 1.1002, tradeable: true }, USD_JPY: { bid: 149.99, ask: 150.01, tradeable: true }, GBP_USD: { bid: 1.2999, ask: 1.3001, tradeable: true } },
};
const signal = (direction: -1 | 1, stopDistance: number) => ({ direction, confidence: 0.8, stopDistance, candleTimeMs: 0, priceQuote: 1 });

describe('trading activities against Postgres and the simulator', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let broker: OandaBroker;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('trading_activities'));
    sim = await startVenueSimulator({ port: 0, seed: 5 });
    broker = createBroker(loadConfig({ BROKER_URL: sim.url }).broker);
  });

  afterAll(async () => {
    broker?.close();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  const analysis = () => createAnalysisActivities({ database, limits: () => preTradeLimitsFrom(loadConfig({})), riskFraction: 0.005, clock: Date.now });

  it('sizes each signal to risk 0.5% of NAV at its stop, capped by the notional limit (hand-checked)', async () => {
    const assessed = await analysis().assessSignals({
      accountId: SIM_ACCOUNT_ID,
      tradingState: 'ACTIVE',
      snapshot: SNAPSHOT,
      candidates: [
        // 500 USD / 0.0025 = 200,000 units by risk; 100,000 USD / 1.1002 (the ask) caps it at 90,892.
        { instrument: 'EUR_USD', signal: signal(1, 0.0025) },
        // 500 USD / (0.25 JPY / 150) = 300,000 by risk; one unit of USD_JPY is 1 USD, so the cap is 100,000.
        { instrument: 'USD_JPY', signal: signal(-1, 0.25) },
        { instrument: 'GBP_USD', signal: signal(1, 0.002) },
      ],
    });
    expect(assessed).toEqual([
      {
        instrument: 'EUR_USD', decision: 'approved', reasons: ['size 200000 cut to 90892 units by max_notional, max_concentration'],
        trade: { units: 90_892, priceQuote: 1.1002, stopLossDistance: 0.0025, reducing: false },
      },
      {
        instrument: 'USD_JPY', decision: 'approved', reasons: ['size 300000 cut to 100000 units by max_notional, max_concentration'],
        trade: { units: -100_000, priceQuote: 149.99, stopLossDistance: 0.25, reducing: false },
      },
      { instrument: 'GBP_USD', decision: 'already_positioned', reasons: ['already long 5000 units'] },
    ]);
  });

  it('rejects every signal with the trading-state check when the system is halted, and the account inherits it', async () => {
    await setTradingState(database.db, 'system', 'HALTED', 'integration-test', 'emergency stop drill');
    try {
      expect(await effectiveTradingState(database.db, SIM_ACCOUNT_ID)).toEqual({ state: 'HALTED', reason: 'emergency stop drill', scope: 'system' });
      const [assessed] = await analysis().assessSignals({
        accountId: SIM_ACCOUNT_ID, tradingState: 'HALTED', snapshot: SNAPSHOT, candidates: [{ instrument: 'EUR_USD', signal: signal(1, 0.0025) }],
      });
      expect(assessed!.decision).toBe('rejected');
      expect(assessed!.reasons).toEqual(['size 200000 cut to 90892 units by max_notional, max_concentration', 'trading_state: trading is HALTED: no orders accepted']);
    } finally {
      await setTradingState(database.db, 'system', 'ACTIVE', 'integration-test');
    }
  });

  it('marks a signal on an instrument the venue quotes not tradeable as market closed, with when it reopens', async () => {
    // The venue's last price came a second before its 17:00 New York close; our clock is a day on (or anywhere).
    const closedMarket = { ...SNAPSHOT, quotes: { ...SNAPSHOT.quotes, EUR_USD: { bid: 1.0998, ask: 1.1002, tradeable: false, timeMs: Date.parse('2026-12-04T21:59:59Z') } } };
    const saturday = createAnalysisActivities({ database, limits: () => preTradeLimitsFrom(loadConfig({})), riskFraction: 0.005, clock: () => Date.parse('2026-12-05T12:00:00Z') });
    const [assessed] = await saturday.assessSignals({ accountId: SIM_ACCOUNT_ID, tradingState: 'ACTIVE', snapshot: closedMarket, candidates: [{ instrument: 'EUR_USD', signal: signal(1, 0.0025) }] });
    expect(assessed).toEqual({
      instrument: 'EUR_USD', decision: 'market_closed',
      reasons: ['market closed for EUR_USD: the venue quotes it not tradeable (reopens at 2026-12-06T22:00:00.000Z); nothing placed'],
    });
    // A price from the middle of a trading day that is not tradeable: a closure the calendar does not know.
    const halted = { ...closedMarket, quotes: { ...closedMarket.quotes, EUR_USD: { ...closedMarket.quotes.EUR_USD, timeMs: Date.parse('2026-12-02T12:00:00Z') } } };
    const [unknown] = await saturday.assessSignals({ accountId: SIM_ACCOUNT_ID, tradingState: 'ACTIVE', snapshot: halted, candidates: [{ instrument: 'EUR_USD', signal: signal(1, 0.0025) }] });
    expect(unknown!.reasons).toEqual(['market closed for EUR_USD: the venue quotes it not tradeable (a closure outside the weekly one: a holiday or a halt); nothing placed']);
  });

  it('lets a reversal of a position near the notional cap through, counting only what it opens', async () => {
    // Long 90,000 EUR_USD (99,000 USD) and a short signal: 90,000 close, and 100,000 USD / 1.0998 (the bid) = 90,925 open.
    const nearCap = { ...SNAPSHOT, positions: { EUR_USD: 90_000 } };
    const [reversal] = await analysis().assessSignals({ accountId: SIM_ACCOUNT_ID, tradingState: 'ACTIVE', snapshot: nearCap, candidates: [{ instrument: 'EUR_USD', signal: signal(-1, 0.0025) }] });
    expect(reversal).toMatchObject({ decision: 'approved', trade: { units: -180_925, reducing: false } });
  });

  it('plans a rebalance that closes a position larger than its own notional cap', async () => {
    const plan = await analysis().planRebalance({
      method: 'target_weights', weights: { EUR_USD: 0 }, instruments: ['EUR_USD'], snapshot: { ...SNAPSHOT, positions: { EUR_USD: 90_000 } },
      candles: {}, driftThreshold: 0.01, maxOrderNotional: 10_000, tradingState: 'REDUCING',
    });
    expect(plan.orders).toEqual([expect.objectContaining({ instrument: 'EUR_USD', units: -90_000, failures: [] })]);
  });

  it('decides whether an order reduces against the broker\'s position when it is placed, not the caller\'s plan', async () => {
    const activities = createBrokerActivities({ database, brokers: accountBrokers([broker]), clock: Date.now });
    const place = (units: number, reducing: boolean) => new MockActivityEnvironment({ workflowExecution: { workflowId: 'reducing-test', runId: 'run' } }).run(async () => activities.placeOrder({
      accountId: SIM_ACCOUNT_ID, clientOrderId: `reducing-${randomUUID()}`, instrument: 'AUD_USD', units, reducing, lastKnownTransactionId: (await broker.accountSummary()).lastTransactionId,
    }));
    await setTradingState(database.db, SIM_ACCOUNT_ID, 'REDUCING', 'integration-test', 'only reducing');
    try {
      // Planned as closing a long that a stop-loss has closed since: at the broker it would open a short.
      await expect(place(-1_000, true)).rejects.toMatchObject({ type: 'TRADING_HALTED', message: expect.stringContaining('planned as reducing, but the position is 0 units now') });
      expect((await broker.openPositions()).find((position) => position.instrument === 'AUD_USD')).toBeUndefined();
      await setTradingState(database.db, SIM_ACCOUNT_ID, 'ACTIVE', 'integration-test');
      await place(2_000, false);
      await setTradingState(database.db, SIM_ACCOUNT_ID, 'REDUCING', 'integration-test', 'only reducing');
      // Planned as opening (from a stale snapshot), but it shrinks the position held now: it passes.
      expect(await place(-1_500, false)).toMatchObject({ filledUnits: -1_500 });
      const [row] = (await database.pool.query(`select details from orders where instrument = 'AUD_USD' and units = -1500`)).rows;
      expect(row.details).toMatchObject({ plannedAsReducing: false, positionUnitsAtPlacement: 2_000 });
    } finally {
      await setTradingState(database.db, SIM_ACCOUNT_ID, 'ACTIVE', 'integration-test');
    }
  });

  it('places nothing for a disabled account, opening or reducing, until it is enabled again', async () => {
    const activities = createBrokerActivities({ database, brokers: accountBrokers([broker]), clock: Date.now });
    const place = (units: number) => new MockActivityEnvironment({ workflowExecution: { workflowId: 'disabled-test', runId: 'run' } }).run(async () => activities.placeOrder({
      accountId: SIM_ACCOUNT_ID, clientOrderId: `disabled-${randomUUID()}`, instrument: 'USD_CAD', units, reducing: units < 0, lastKnownTransactionId: (await broker.accountSummary()).lastTransactionId,
    }));
    const audit = { actor: 'integration-test', reason: 'account review' };
    await place(3_000);
    expect(await setAccountEnabled(database.db, SIM_ACCOUNT_ID, false, audit)).toEqual({ changed: true });
    try {
      expect(await effectiveTradingState(database.db, SIM_ACCOUNT_ID)).toEqual({ state: 'HALTED', reason: ACCOUNT_DISABLED_REASON, scope: SIM_ACCOUNT_ID });
      await expect(place(1_000)).rejects.toMatchObject({ type: 'TRADING_HALTED', message: expect.stringContaining('(account disabled)') });
      await expect(place(-1_000)).rejects.toMatchObject({ type: 'TRADING_HALTED' });
      // Positions are kept.
      expect((await broker.openPositions()).find((position) => position.instrument === 'USD_CAD')?.netUnits).toBe(3_000);
    } finally {
      expect(await setAccountEnabled(database.db, SIM_ACCOUNT_ID, true, audit)).toEqual({ changed: true });
    }
    expect(await effectiveTradingState(database.db, SIM_ACCOUNT_ID)).toEqual({ state: 'ACTIVE' });
    expect(await place(-3_000)).toMatchObject({ filledUnits: -3_000 });
  });

  it('refuses a retry that starts while an earlier attempt of the same order still runs, until that attempt ends or its connection dies', async () => {
    const activities = createBrokerActivities({ database, brokers: accountBrokers([broker]), clock: Date.now });
    const clientOrderId = `overlap-${randomUUID()}`;
    const place = async () => new MockActivityEnvironment({ workflowExecution: { workflowId: 'overlap-test', runId: 'run' } }).run(async () => activities.placeOrder({
      accountId: SIM_ACCOUNT_ID, clientOrderId, instrument: 'USD_CHF', units: 1_000, reducing: false, lastKnownTransactionId: (await broker.accountSummary()).lastTransactionId,
    }));
    // The earlier attempt, still running on a worker that missed its heartbeats: it holds the order's lock.
    let endEarlierAttempt!: () => void;
    const earlierAttempt = withOrderAttemptLock(database, clientOrderId, () => new Promise<void>((resolve) => (endEarlierAttempt = resolve)));
    const lockHolders = async () => (await database.pool.query(
      `select pid from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`,
    )).rows as Array<{ pid: number }>;
    await waitFor('the earlier attempt to hold the lock', async () => ((await lockHolders()).length > 0 ? true : undefined), 10_000, 10);
    await expect(place()).rejects.toMatchObject({ type: 'ORDER_ATTEMPT_IN_PROGRESS', nonRetryable: false });
    expect(await broker.findOrderByClientId(clientOrderId)).toBeUndefined();
    expect((await database.pool.query('select 1 from orders where client_order_id = $1', [clientOrderId])).rowCount).toBe(0);

    // A worker killed mid-attempt loses its connection, and with it the lock: the retry goes ahead at once.
    const [holder] = await lockHolders();
    await database.pool.query('select pg_terminate_backend($1)', [holder!.pid]);
    expect(await place()).toMatchObject({ clientOrderId, filledUnits: 1_000 });
    endEarlierAttempt();
    await earlierAttempt.catch(() => undefined);
    expect(await place()).toMatchObject({ clientOrderId, existing: true });
  });

  it('counts the day\'s P/L from one mark: realized since the day began plus the open P/L\'s move since the mark', async () => {
    const activities = createBrokerActivities({ database, brokers: accountBrokers([broker]), clock: Date.now });
    const snapshot = () => new MockActivityEnvironment({ workflowExecution: { workflowId: 'daily-pnl-test', runId: 'run' } })
      .run(() => activities.accountSnapshot({ accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'] })) as Promise<AccountSnapshotResult>;
    const first = await snapshot();
    const [mark] = (await database.pool.query('select lifetime_realized_pl_usd, unrealized_pl_usd, recorded_by from trading_day_marks where account_id = $1', [SIM_ACCOUNT_ID])).rows;
    expect(mark.recorded_by).toBe('workflow');
    // Open the day's first trade and close it: the realized loss (the spread) counts, plus whatever the positions the
    // tests before left open moved meanwhile (the simulator's prices move every second).
    const { lastTransactionId } = await broker.accountSummary();
    await broker.placeOrder({ type: 'MARKET', clientOrderId: `pnl-open-${randomUUID()}`, instrument: 'EUR_USD', units: 10_000 }, { lastKnownTransactionId: lastTransactionId });
    const closed = await broker.closePosition({ instrument: 'EUR_USD', longUnits: 'ALL' });
    const after = await snapshot();
    const summary = await broker.accountSummary();
    expect(after.dailyPnlUsd).toBeCloseTo(first.dailyPnlUsd + closed.realizedPl + after.unrealizedPlUsd - first.unrealizedPlUsd, 6);
    expect(after.dailyPnlUsd).toBeCloseTo(summary.realizedPl - mark.lifetime_realized_pl_usd + after.unrealizedPlUsd - mark.unrealized_pl_usd, 6);
    expect(closed.realizedPl).toBeLessThan(0);
  });

  it('fetches candles from the broker once, then answers from the Postgres cache', async () => {
    // One decision time for both calls, so a candle completing between them cannot turn the cache hit into a miss.
    const nowMs = Date.now();
    const marketData = createMarketDataActivities({ database, broker, clock: () => nowMs });
    const first = await marketData.fetchMarketData({ instrument: 'EUR_USD', granularity: 'M5', lookback: 60 });
    expect(first).toMatchObject({ source: 'broker', problems: [] });
    expect(first.candles).toHaveLength(60);
    const second = await marketData.fetchMarketData({ instrument: 'EUR_USD', granularity: 'M5', lookback: 60 });
    expect(second.source).toBe('cache');
    expect(second.candles.map((c) => [c.timeMs, c.bid!.c, c.ask!.c])).toEqual(first.candles.map((c) => [c.timeMs, c.bid!.c, c.ask!.c]));
    const unknown = await marketData.fetchMarketData({ instrument: 'BTC_USD', granularity: 'M5', lookback: 60 });
    expect(unknown.problems).toEqual(['unknown instrument BTC_USD']);
  });
});
