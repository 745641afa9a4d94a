import { createLiveRecordActivities } from '../../activities/research/live-record-activities';
import type { DatabaseHandle } from '../../infra/db/client';
import { upsertAccount } from '../../infra/db/queries/accounts';
import { riskSnapshots } from '../../infra/db/schema';
import type { TestDatabase } from '../helpers/postgres';
import { tradeRecorder } from '../helpers/recorded-trades';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY0 = Date.UTC(2026, 0, 5);
const OTHER_ACCOUNT = '101-001-0000002-001';

/** The live-record activity on real Postgres: which realized P/L belongs to which strategy version. */
describe('live record of a strategy version from orders and fills', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let order: ReturnType<typeof tradeRecorder>['order'];
  let fill: ReturnType<typeof tradeRecorder>['fill'];

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('live_record'));
    ({ order, fill } = tradeRecorder(database.db));
    await upsertAccount(database.db, { id: OTHER_ACCOUNT, venue: 'sim' });
    // ma-crossover v1 opens T1 and T2 on day 0; a stop-loss closes T1 at a loss.
    await order('v1-a', 'ma-crossover', 1);
    await order('v1-b', 'ma-crossover', 1);
    await fill(DAY0 + HOUR_MS, { clientOrderId: 'v1-a', tradeOpenedId: 'T1' });
    await fill(DAY0 + 2 * HOUR_MS, { clientOrderId: 'v1-b', tradeOpenedId: 'T2' });
    await fill(DAY0 + 5 * HOUR_MS, { tradesClosed: [{ tradeId: 'T1', units: -1000, realizedPl: -300 }], reason: 'STOP_LOSS_ORDER' });
    // v2 goes live on day 1; the risk monitor measured the account at 100 200 just before.
    await database.db.insert(riskSnapshots).values({
      accountId: SIM_ACCOUNT_ID, takenAt: new Date(DAY0 + DAY_MS - HOUR_MS), navUsd: 100_200, grossExposureUsd: 0, netExposureUsd: 0, largestConcentration: 0, dailyPnlUsd: 0, drawdown: 0,
    });
    // v2's first order reverses: it closes v1's T2 at a profit (v1's P/L) and opens T3 (v2's trade).
    await order('v2-a', 'ma-crossover', 2);
    await fill(DAY0 + DAY_MS + HOUR_MS, { clientOrderId: 'v2-a', tradeOpenedId: 'T3', tradesClosed: [{ tradeId: 'T2', units: -1000, realizedPl: 500 }] });
    // A take-profit reduces T3, then another path's order closes the rest.
    await fill(DAY0 + DAY_MS + 3 * HOUR_MS, { tradesClosed: [{ tradeId: 'T3', units: -400, realizedPl: 120 }], reason: 'TAKE_PROFIT_ORDER' });
    await fill(DAY0 + 2 * DAY_MS + HOUR_MS, { clientOrderId: 'someone-else', tradesClosed: [{ tradeId: 'T3', units: -600, realizedPl: -20 }] });
    // Another strategy's version 1 on the same account is not ma-crossover's.
    await order('rsi-a', 'rsi-reversal', 1);
    await fill(DAY0 + 3 * HOUR_MS, { clientOrderId: 'rsi-a', tradeOpenedId: 'T4' });
    await fill(DAY0 + 4 * HOUR_MS, { tradesClosed: [{ tradeId: 'T4', units: -1000, realizedPl: 1000 }] });
    // v3 trades an account whose capital nobody recorded.
    await order('v3-a', 'ma-crossover', 3, { accountId: OTHER_ACCOUNT });
    await fill(DAY0 + HOUR_MS, { clientOrderId: 'v3-a', tradeOpenedId: 'T1', accountId: OTHER_ACCOUNT });
    await fill(DAY0 + 2 * HOUR_MS, { tradesClosed: [{ tradeId: 'T1', units: -1000, realizedPl: 70 }], accountId: OTHER_ACCOUNT });
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const analyze = (version: number, fromMs: number, toMs = DAY0 + 3 * DAY_MS) => createLiveRecordActivities({ database }).analyzeLiveRecord({
    strategy: 'ma-crossover', version, fromMs, toMs, periodMs: DAY_MS, objective: 'sharpe',
  });

  it('credits a version with the trades its orders opened, however they were closed', async () => {
    const v1 = await analyze(1, DAY0);
    expect(v1).toMatchObject({
      version: 1, tradesOpened: 2, tradesClosed: 2, realizedPl: 200, winRate: 0.5, periods: 3, scored: true, toMs: DAY0 + 3 * DAY_MS,
      accounts: [{ accountId: SIM_ACCOUNT_ID, tradesOpened: 2, capital: { amount: 100_000, from: 'opening balance' } }],
    });
    // Day 0: -300 on 100 000; day 1: +500 on 99 700; day 2: nothing.
    expect(v1.totalReturn).toBeCloseTo(200 / 100_000, 12);
    expect(v1.maxDrawdown).toBeCloseTo(0.003, 12);

    const v2 = await analyze(2, DAY0 + DAY_MS);
    expect(v2).toMatchObject({
      tradesOpened: 1, tradesClosed: 1, realizedPl: 100, winRate: 1, periods: 2,
      accounts: [{ accountId: SIM_ACCOUNT_ID, tradesOpened: 1, capital: { amount: 100_200, from: 'risk snapshot' } }],
    });
    expect(v2.totalReturn).toBeCloseTo(100 / 100_200, 12);
  });

  it('counts only what happened inside the window', async () => {
    // From day 1, v1 opened nothing: its earlier trades (and their later closes) are not this window's record.
    expect(await analyze(1, DAY0 + DAY_MS)).toMatchObject({ tradesOpened: 0, tradesClosed: 0, realizedPl: 0, periods: 2, scored: false, accounts: [] });
    // Only complete days count: asked at 02:00 on day 1, the record is day 0, with T1's stop-loss but not T2's close.
    expect(await analyze(1, DAY0, DAY0 + DAY_MS + 2 * HOUR_MS)).toMatchObject({ periods: 1, toMs: DAY0 + DAY_MS, tradesOpened: 2, tradesClosed: 1, realizedPl: -300 });
  });

  it('reports P/L but no returns when the account capital is unknown', async () => {
    const v3 = await analyze(3, DAY0);
    expect(v3).toMatchObject({ tradesOpened: 1, tradesClosed: 1, realizedPl: 70, periods: 3, scored: false, objectiveValue: 0, accounts: [{ accountId: OTHER_ACCOUNT, capital: null }] });
  });
});
