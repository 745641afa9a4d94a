import type { AccountSnapshotResult } from '../../activities/broker/broker-activities';
import { createAnalysisActivities } from '../../activities/trading/analysis-activities';
import { createMarketDataActivities } from '../../activities/market-data/market-data-activities';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { effectiveTradingState, setTradingState } from '../../infra/db/queries/trading-state';
import { preTradeLimitsFrom } from '../../infra/orchestration/trading-limits';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

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

  const analysis = () => createAnalysisActivities({ database, limits: preTradeLimitsFrom(loadConfig({})), riskFraction: 0.005, clock: Date.now });

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
