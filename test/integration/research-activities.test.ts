import { MockActivityEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import { createCandleHistoryActivities } from '../../activities/research/candle-history-activities';
import { createResearchActivities } from '../../activities/research/research-activities';
import type { Broker } from '../../domain/broker';
import { createBroker } from '../../infra/broker/create-broker';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { completeCandlesBetween } from '../../infra/db/queries/research';
import { backtestRuns } from '../../infra/db/schema';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import type { Dataset, EvaluateTrialsInput } from '../../workflows/definitions/research';
import type { TestDatabase } from '../helpers/postgres';
import { HOUR_MS } from '../helpers/research-fixtures';
import { createTradingDatabase } from '../helpers/trading-database';

jest.setTimeout(60_000);

/** The research activities against real Postgres and the simulator through the real adapter. */
describe('research activities', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let sim: VenueSimulator;
  let broker: Broker & { close(): void };

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('research_activities'));
    sim = await startVenueSimulator({ port: 0, seed: 4 });
    broker = createBroker(loadConfig({ BROKER_URL: sim.url }).broker);
  });

  afterAll(async () => {
    broker?.close();
    await sim?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  const run = <T>(fn: () => Promise<T>, heartbeats: unknown[] = []): Promise<T> => {
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'research-test', runId: 'run' } });
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));
    return env.run(fn) as Promise<T>;
  };

  it('pages more than 5000 candles from the broker into the cache, every hour exactly once', async () => {
    const toMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const dataset: Dataset = { instruments: ['EUR_USD'], granularity: 'H1', fromMs: toMs - 7000 * HOUR_MS, toMs };
    const heartbeats: unknown[] = [];
    const stored = await run(() => createCandleHistoryActivities({ database, broker }).loadCandleHistory({ dataset }), heartbeats);
    const cached = await completeCandlesBetween(database.db, 'EUR_USD', 'H1', dataset.fromMs, dataset.toMs);
    expect(cached.length).toBeGreaterThan(5000);
    expect(stored.EUR_USD).toBeGreaterThanOrEqual(cached.length);
    expect(heartbeats.length).toBeGreaterThanOrEqual(2);
    const times = cached.map((candle) => candle.timeMs);
    expect(new Set(times).size).toBe(times.length);
    expect(times[0]!).toBeGreaterThanOrEqual(dataset.fromMs);
    expect(times.at(-1)!).toBeLessThan(dataset.toMs);
  });

  it('evaluates a batch with a heartbeat per trial and stores each trial once, however often it is retried', async () => {
    const toMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const dataset: Dataset = { instruments: ['EUR_USD'], granularity: 'H1', fromMs: toMs - 2000 * HOUR_MS, toMs };
    const research = createResearchActivities({ database });
    const { bars } = await run(() => research.describeDataset({ dataset }));
    const input: EvaluateTrialsInput = {
      runId: 'retried-run', purpose: 'optimization', strategy: 'ma-crossover', dataset,
      folds: [{ index: 0, inSample: { start: 0, end: bars - 480 }, outOfSample: { start: bars - 480, end: bars } }],
      objective: 'sharpe', constraints: { minTrades: 1 }, periodBars: 24,
      candidates: [
        { key: 'trial-0', params: { averageKind: 'sma', fastPeriod: 5, slowPeriod: 20, atrPeriod: 14, stopAtrMultiple: 2 } },
        { key: 'trial-1', params: { averageKind: 'ema', fastPeriod: 8, slowPeriod: 40, atrPeriod: 14, stopAtrMultiple: 3 } },
      ],
    };
    const heartbeats: unknown[] = [];
    const first = await run(() => research.evaluateTrials(input), heartbeats);
    const retried = await run(() => research.evaluateTrials(input));
    expect(heartbeats).toEqual([{ evaluated: 1, of: 2 }, { evaluated: 2, of: 2 }]);
    expect(retried).toEqual(first);
    expect(first[0]!.periodReturns).toBeUndefined();
    const rows = await database.db.select().from(backtestRuns).where(eq(backtestRuns.runId, 'retried-run'));
    expect(rows.map((row) => row.trialKey).sort()).toEqual(['trial-0', 'trial-1']);
    const stored = rows.find((row) => row.trialKey === 'trial-0')!;
    expect(stored).toMatchObject({ score: first[0]!.score, trades: first[0]!.trades, feasible: first[0]!.feasible, instruments: ['EUR_USD'] });
    // 480 out-of-sample H1 bars are 20 daily returns, kept for the overfitting guard.
    expect((stored.metrics.periodReturns as number[]).length).toBe(20);
  });
});
