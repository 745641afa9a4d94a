/**
 * Tick → order acknowledged against the venue simulator on loopback, through the hot path's own parts: the broker's
 * price stream, the decision engine configured as the worker configures it, the OrderPlacer (the order's row written
 * ahead to Postgres, then idempotent placement with the last transaction id) and the TransactionFollower that feeds
 * fills back. The other records (decisions, results, fills) are left out: the worker writes them in batches, off
 * this path.
 *
 * Each acknowledged order is timed from the moment its triggering quote was handed to the loop to the moment the
 * broker's answer resolved. The engine never queues orders (one in flight per instrument), so no order waits
 * behind another and none goes unmeasured; a quote that waited in the socket while the loop was busy is timed from
 * when it was read, so network and stream buffering before that are not included.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DecisionEngine } from '../../domain/execution/decision-engine';
import { createBroker } from '../../infra/broker/create-broker';
import { insertSubmittingOrder } from '../../infra/db/queries/orders';
import { engineConfigFrom, loadHotPathConfig } from '../../workers/hot-path/config';
import { createHotPathMetrics } from '../../workers/hot-path/metrics';
import { OrderPlacer } from '../../workers/hot-path/order-placer';
import { TransactionFollower } from '../../workers/hot-path/transaction-follower';
import { VenueClock } from '../../workers/hot-path/venue-clock';
import { openBenchDatabase } from './bench-database';
import { LogLinearHistogram, type HistogramSummary } from './histogram';
import type { VenueSimThreadOptions } from './venue-sim-thread';

const SIM: VenueSimThreadOptions = { seed: 31, speed: 60, streamPricesPerSecond: 20 };
const PARAMS = { averageKind: 'sma', fastPeriod: 2, slowPeriod: 5, atrPeriod: 5, stopAtrMultiple: 3 };
const TRANSACTION_POLL_MS = 20;

export interface TickToAckResult {
  measured: true;
  seconds: number;
  setup: Record<string, unknown>;
  ticks: number;
  ordersAcknowledged: number;
  ordersRejected: number;
  tickToAcknowledgedNs: HistogramSummary;
}

async function startSimThread(): Promise<{ url: string; close(): Promise<void> }> {
  const thread = new Worker(join(__dirname, 'venue-sim-thread.js'), { workerData: SIM });
  const url = await new Promise<string>((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
  return { url, close: async () => { thread.postMessage('close'); await new Promise((resolve) => thread.once('exit', resolve)); } };
}

export async function measureTickToAck(seconds: number): Promise<TickToAckResult> {
  const sim = await startSimThread();
  const config = loadHotPathConfig({
    BROKER_URL: sim.url, HOT_PATH_GRANULARITY: 'S5', RISK_FRACTION: '0.0002',
    MAX_ORDERS_PER_MINUTE: '100000', MAX_ORDER_NOTIONAL_USD: '5000000', MAX_ORDER_UNITS: '5000000', MAX_CONCENTRATION: '50',
  });
  const broker = createBroker(config.broker);
  const { database, drop } = await openBenchDatabase('tick_to_ack', { maxConnections: 4, simAccountId: config.broker.accountId });
  const engine = new DecisionEngine(engineConfigFrom(config));
  const clock = new VenueClock();
  const summary = await broker.accountSummary();
  engine.reconcile({ balanceUsd: summary.balance, positions: [], openTradeCount: 0, dailyRealizedPnlUsd: 0 }, clock.now());
  engine.activateParams(config.hotPath.HOT_PATH_STRATEGY, '1', PARAMS);

  const abort = new AbortController();
  const rejected = new Set<string>();
  const follower = new TransactionFollower(broker, summary.lastTransactionId, ({ report }) => engine.onFill(report, clock.now()), (error) => { throw error; });
  const placer = new OrderPlacer({
    broker, lastTransactionId: () => follower.lastTransactionId, record: () => undefined,
    writeAhead: (row) => insertSubmittingOrder(database.db, row), tradingState: () => engine.tradingState,
    onRejected: (rejection) => {
      rejected.add(rejection.clientOrderId);
      engine.onReject(rejection, clock.now());
    },
    onAbandoned: (clientOrderId) => {
      rejected.add(clientOrderId);
      engine.onAbandoned(clientOrderId);
    },
    metrics: createHotPathMetrics(new Registry()), logger: pino({ level: 'silent' }), clock: () => clock.now(), signal: abort.signal,
  });
  const following = follower.run(TRANSACTION_POLL_MS, abort.signal);
  const histogram = new LogLinearHistogram(60_000_000_000);
  const placements: Promise<void>[] = [];
  let ticks = 0;
  const endMs = performance.now() + seconds * 1000;
  for await (const event of broker.streamPrices(config.hotPath.HOT_PATH_INSTRUMENTS, { signal: abort.signal })) {
    if (event.type !== 'price') continue;
    const receivedNs = process.hrtime.bigint();
    ticks++;
    clock.observe(event.timeMs);
    for (const engineEvent of engine.onQuote(event, clock.now())) {
      const intent = engineEvent.type === 'decision' ? engineEvent.decision.intent : undefined;
      if (!intent) continue;
      placements.push(placer.place(intent, receivedNs).then(() => {
        if (!rejected.has(intent.clientOrderId)) histogram.record(Number(process.hrtime.bigint() - receivedNs));
      }));
    }
    if (performance.now() >= endMs) break;
  }
  await Promise.all(placements);
  abort.abort();
  await following;
  broker.close();
  await sim.close();
  await drop();
  const latency = histogram.summary();
  return {
    measured: true,
    seconds,
    setup: {
      venue: `venue simulator on loopback in its own thread (seed ${SIM.seed}, clock ${SIM.speed}x, at most ${SIM.streamPricesPerSecond} prices/s per instrument)`,
      instruments: config.hotPath.HOT_PATH_INSTRUMENTS, strategy: config.hotPath.HOT_PATH_STRATEGY, params: PARAMS, granularity: 'S5',
      path: 'price stream → DecisionEngine → OrderPlacer (orders row written ahead to Postgres) → OandaBroker.placeOrder (client order id, last transaction id) → venue; fills fed back by the TransactionFollower',
    },
    ticks,
    ordersAcknowledged: latency.count,
    ordersRejected: rejected.size,
    tickToAcknowledgedNs: { ...latency, mean: Math.round(latency.mean) },
  };
}
