import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { ensureActiveStrategyParams } from '../../infra/db/queries/strategy-params';
import { findFreePort } from '../../infra/net/free-port';
import type { BrokerTransaction } from '../../domain/broker/transaction';
import { getStrategy } from '../../domain/strategies';
import { marketOpen } from '../../domain/trading/market-hours';
import { emergencyStopStatusQuery, type EmergencyStopReport } from '../../workflows/definitions/emergency-stop-report';
import { lastLines, startReconciledHotPath, venueTransactions } from '../helpers/hot-path-process';
import type { RunningProcess } from '../helpers/processes';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { maybeRecordHistory } from '../helpers/record-history';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { workflowResult } from '../helpers/workflow-result';

jest.setTimeout(600_000);

const HOUR_MS = 3_600_000;
/** The simulator's clock runs this much faster than ours: the hot path's M1 bars complete about once a second. */
const SIM_SPEED = 60;

/** The first weekly close at least a week from now, by the product's calendar (the simulator keeps its own). */
function weeklyCloseAfter(afterMs: number): { closeMs: number; openMs: number } {
  let t = Math.ceil(afterMs / HOUR_MS) * HOUR_MS;
  while (!marketOpen('EUR_USD', t)) t += HOUR_MS;
  while (marketOpen('EUR_USD', t)) t += HOUR_MS;
  const closeMs = t;
  while (!marketOpen('EUR_USD', t)) t += HOUR_MS;
  return { closeMs, openMs: t };
}

const hotPathOrder = (t: BrokerTransaction) => t.type === 'MARKET_ORDER' && (t.clientOrderId ?? '').startsWith('hp-');

/**
 * The product across a weekend, on the simulator's OANDA hours and a virtual clock set a week ahead (so the venue
 * runs ahead of our clock, as the hot path's venue clock expects): the hot path trades before the close and sends
 * nothing while closed; analysis-to-trade says the market is closed; an emergency stop started on the closed market
 * keeps its closes pending and finishes them at the open; no breaker trips on the weekend gap; and after a resume the
 * hot path trades again without a burst of orders.
 */
describe('a weekend on the simulator', () => {
  const { closeMs, openMs } = weeklyCloseAfter(Date.now() + 7 * 24 * HOUR_MS);
  let stack: RealStack;
  let hotPath: RunningProcess;
  let broker: OandaBroker;
  let hotPathStatusUrl: string;
  const venueNow = () => stack.sim.advanceClock(0);
  const advanceVenueTo = (timeMs: number) => stack.sim.advanceClock(Math.max(0, timeMs - venueNow()));

  beforeAll(async () => {
    stack = await startRealStack('weekend', {
      seed: 71,
      // The rebalance below also closes the hot path's positions: no approver is waited for.
      env: { REBALANCE_APPROVAL_NOTIONAL_USD: '10000000' },
      // Hours before the close at 60×: however long a loaded machine takes to start the stack, the hot path trades
      // before the test moves the clock to the close.
      sim: { marketHours: 'oanda', virtualClock: { startMs: closeMs - 8 * HOUR_MS, speed: SIM_SPEED } },
    });
    await ensureActiveStrategyParams(stack.database.db, { strategy: 'ma-crossover', params: getStrategy('ma-crossover').defaults, createdBy: 'test', reason: 'the hot path trades the defaults' });
    const hotPathPort = await findFreePort();
    hotPathStatusUrl = `http://127.0.0.1:${hotPathPort}/status`;
    hotPath = await startReconciledHotPath({ ...stack.env, HOT_PATH_METRICS_PORT: String(hotPathPort) }, hotPathStatusUrl);
    broker = createBroker({ ...loadConfig({ BROKER_URL: stack.sim.url }).broker, requestTimeoutMs: 5_000 });
  });

  afterAll(async () => {
    broker?.close();
    await hotPath?.stop();
    await stack?.stop();
  });

  const failWithHotPath = (error: unknown): never => {
    throw new Error(`${String(error)}\n${lastLines(hotPath)}`);
  };

  it('trades before the close, sends nothing while closed, and analysis-to-trade reports the market closed', async () => {
    await waitFor('the hot path to hold a position', async () => ((await broker.openPositions()).length > 0 ? true : undefined), 120_000, 500).catch(failWithHotPath);
    // A position with no stop-loss or take-profit to close it on the way, held into the weekend.
    const rebalance = await stack.fetchApi('/api/workflows/portfolio-rebalance', {
      body: { accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights: { GBP_USD: 0.1 }, driftThreshold: 0.01, maxOrderNotional: 200_000 },
    });
    await workflowResult(stack.client, ((await rebalance.json()) as { workflowId: string }).workflowId);
    expect((await broker.openPositions()).map((position) => position.instrument)).toContain('GBP_USD');
    advanceVenueTo(closeMs - 5_000);
    await waitFor('the venue to pass the close', async () => (venueNow() > closeMs + 60_000 ? true : undefined), 30_000, 200);
    const prices = await broker.prices(['EUR_USD', 'USD_JPY']);
    expect(prices.map((quote) => quote.tradeable)).toEqual([false, false]);
    // The hot path says so too: its stream's last price of each instrument was the close's, not tradeable.
    await waitFor('the hot path to see the market closed', async () => {
      const status = (await (await fetch(hotPathStatusUrl)).json()) as { instruments: Array<{ tradeable: boolean }> };
      return status.instruments.every((instrument) => !instrument.tradeable) ? true : undefined;
    }, 30_000, 200).catch(failWithHotPath);

    const run = await stack.fetchApi('/api/workflows/analysis-to-trade?wait=true', {
      body: { accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD', 'GBP_USD'], strategy: { name: 'ma-crossover' }, execute: true, minConfidence: 0 },
    });
    const { result } = (await run.json()) as { result: { outcome: string; instruments: Array<{ status: string; reasons: string[] }> } };
    expect(['market_closed', 'no_signal']).toContain(result.outcome);
    for (const instrument of result.instruments) expect(['market_closed', 'no_signal']).toContain(instrument.status);
    if (result.outcome === 'market_closed') expect(result.instruments.some((i) => i.reasons.some((r) => r.startsWith('market closed for')))).toBe(true);
  });

  it('keeps an emergency stop\'s closes pending while closed and finishes them at the open', async () => {
    const started = await stack.fetchApi('/api/system/control/emergency-stop', { body: { scope: 'account', accountId: SIM_ACCOUNT_ID, reason: 'weekend drill', closePositions: true } });
    expect(started.status).toBe(202);
    const { workflowId } = (await started.json()) as { workflowId: string };
    const stop = stack.client.workflow.getHandle(workflowId);
    let lastSeen: unknown;
    await waitFor('the stop to wait for the open', async () => {
      lastSeen = await stop.query(emergencyStopStatusQuery).catch((error: unknown) => String(error));
      return (lastSeen as { stage?: string }).stage === 'waiting_for_market_open' ? true : undefined;
    }, 120_000, 500).catch(async (error: unknown) => {
      const outcome = await stop.result().then((result) => JSON.stringify(result), (failure: unknown) => String((failure as { cause?: unknown }).cause ?? failure));
      throw new Error(`${String(error)}; last status ${JSON.stringify(lastSeen)}; the stop ended with ${outcome}\n${stack.worker.output().split('\n').slice(-20).join('\n')}`);
    });
    expect((await broker.openPositions()).length).toBeGreaterThan(0);

    advanceVenueTo(openMs + 30_000);
    const report = await workflowResult<EmergencyStopReport>(stack.client, workflowId, 240_000);
    expect(report.outcome).toBe('flat');
    await maybeRecordHistory(stack.client, workflowId, 'emergency-stop-waits-for-market-open');
    expect(report.closeAttempts.some((attempt) => attempt.marketClosed?.length)).toBe(true);
    expect(await broker.openPositions()).toEqual([]);

    const transactions = await venueTransactions(broker);
    const closed = (t: BrokerTransaction) => t.timeMs >= closeMs && t.timeMs < openMs;
    // Nothing filled while closed; the hot path sent nothing once the close had passed (an order already on its way at
    // the close may be cancelled MARKET_HALTED); the stop's closes were cancelled MARKET_HALTED until the open.
    expect(transactions.filter((t) => t.type === 'ORDER_FILL' && closed(t))).toEqual([]);
    expect(transactions.filter((t) => hotPathOrder(t) && t.timeMs >= closeMs + 60_000 && t.timeMs < openMs)).toEqual([]);
    expect(transactions.some((t) => t.type === 'ORDER_CANCEL' && t.reason === 'MARKET_HALTED' && closed(t))).toBe(true);
    expect(transactions.some((t) => t.type === 'ORDER_FILL' && t.timeMs >= openMs)).toBe(true);
  });

  it('trips no breaker on the weekend gap, and after a resume the hot path trades again without a burst', async () => {
    const risk = (await (await stack.fetchApi(`/api/risk/${SIM_ACCOUNT_ID}`)).json()) as { breakers: { account: { breakers: Record<string, { phase: string }> } } };
    expect(Object.entries(risk.breakers.account.breakers).filter(([, breaker]) => breaker.phase !== 'ARMED')).toEqual([]);

    const resumed = await stack.fetchApi('/api/system/control/resume', { body: { scope: 'account', accountId: SIM_ACCOUNT_ID, reason: 'the market is open' } });
    expect(resumed.status).toBe(200);
    const afterOpen = await waitFor('a hot-path order after the open', async () => {
      const orders = (await venueTransactions(broker)).filter((t) => hotPathOrder(t) && t.timeMs >= openMs);
      return orders.length > 0 ? orders : undefined;
    }, 180_000, 1_000).catch(failWithHotPath);
    // One order per instrument per bar at most: no queue of orders decided while the market was closed.
    const perBar = new Map<string, number>();
    for (const order of afterOpen) {
      const key = `${order.instrument}@${Math.floor(order.timeMs / 60_000)}`;
      perBar.set(key, (perBar.get(key) ?? 0) + 1);
    }
    expect([...perBar.values()].every((count) => count === 1)).toBe(true);
  });
});
