import { randomUUID } from 'node:crypto';
import { orchestrationActivityDeps } from '../../workers/orchestration-activity-deps';
import { createActivities, createBrokerQueueActivities } from '../../activities';
import { loadConfig } from '../../infra/config';
import { riskMonitorLimitsFrom } from '../../infra/orchestration/risk-monitor-start';
import { analysisToTrade, portfolioRebalance } from '../../workflows';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';
import { withStrongLongSignal } from '../helpers/strong-signal';
import { createTradingWorkers, useTradingWorkflowEnvironment } from '../helpers/trading-workers';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(120_000);

/**
 * The real broker, market-data, risk and record activities against the venue simulator and Postgres; only the
 * strategy's verdict is fixed, so the run always has an order to place. The simulator processes the first order
 * request and then drops the connection before answering: the retried activity must find that order, not place a
 * second one, and leave exactly one orders row.
 */
describe('trading workflows: a placement whose broker response was lost', () => {
  const context = useTradingWorkflowEnvironment();
  const venue = useSimulatorWithDatabase('atr_lost_response', 7);

  async function realWorkers(options: { strongLong?: boolean } = {}) {
    const { sim, broker, database } = venue;
    const config = loadConfig({});
    const real = createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 }));
    const brokerQueue = createBrokerQueueActivities({ database, brokers: accountBrokers([broker]), clock: Date.now, riskLimits: (accountId) => riskMonitorLimitsFrom(config, accountId) });
    return createTradingWorkers(context, { orchestration: real, broker: options.strongLong ? withStrongLongSignal(brokerQueue) : brokerQueue });
  }

  it('analysisToTrade retries after the lost response and ends with one order at the venue and one row', async () => {
    const { sim, broker, database } = venue;
    const workers = await realWorkers({ strongLong: true });
    sim.faults.loseNextResponse('POST', /\/orders$/);
    const workflowId = `atr-lost-${randomUUID()}`;

    const result = await workers.run(() => context.env.client.workflow.execute(analysisToTrade, {
      taskQueue: workers.taskQueue,
      workflowId,
      args: [{ accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5', lookback: 200, execute: true, minConfidence: 0.5 }],
    }));

    expect(result.outcome).toBe('executed');
    const clientOrderId = `atr-${workflowId}-EUR_USD`;
    const order = result.instruments[0]!.order!;
    expect(order).toMatchObject({ clientOrderId, existing: true });
    expect(order.filledUnits).toBeGreaterThan(0);

    const atVenue = await broker.findOrderByClientId(clientOrderId);
    expect(atVenue).toMatchObject({ orderId: order.brokerOrderId, state: 'FILLED' });
    const since = await broker.transactionsSince('1');
    expect(since.transactions.filter((t) => t.type === 'MARKET_ORDER' && t.clientOrderId === clientOrderId)).toHaveLength(1);
    const trades = await broker.openTrades();
    expect(trades.filter((t) => t.clientTradeId === clientOrderId)).toHaveLength(1);

    const rows = await database.pool.query('select status, units::float8 as units, filled_units::float8 as filled, broker_order_id from orders where client_order_id = $1', [clientOrderId]);
    expect(rows.rows).toEqual([{ status: 'filled', units: order.units, filled: order.filledUnits, broker_order_id: order.brokerOrderId }]);
    const signals = await database.pool.query('select status, direction from signals where workflow_id = $1', [workflowId]);
    expect(signals.rows).toEqual([{ status: 'approved', direction: 1 }]);
    const candles = await database.pool.query(`select count(*)::int as n from candles where instrument = 'EUR_USD' and granularity = 'M5' and complete`);
    expect(candles.rows[0].n).toBeGreaterThanOrEqual(200);
  });

  it('portfolioRebalance retries after the lost response without repeating the filled order, and reconciles', async () => {
    const { sim, broker, database } = venue;
    // Flat except for what this rebalance does: the previous test's EUR_USD position would be closed by it too.
    await broker.closePosition({ instrument: 'EUR_USD', longUnits: 'ALL' });
    const before = (await broker.openPositions()).find((p) => p.instrument === 'GBP_USD')?.netUnits ?? 0;
    const workers = await realWorkers();
    sim.faults.loseNextResponse('POST', /\/orders$/);
    const workflowId = `rebalance-lost-${randomUUID()}`;

    const result = await workers.run(() => context.env.client.workflow.execute(portfolioRebalance, {
      taskQueue: workers.taskQueue,
      workflowId,
      args: [{
        accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights: { GBP_USD: 0.1 }, driftThreshold: 0.01, maxOrderNotional: 50_000,
        approvalThresholdUsd: 1_000_000, approvalTimeoutMs: 60_000,
      }],
    }));

    expect(result.outcome).toBe('rebalanced');
    expect(result.reconciliationDifferences).toEqual([]);
    const gbpUsd = result.orders.find((o) => o.instrument === 'GBP_USD')!;
    expect(gbpUsd).toMatchObject({ clientOrderId: `rb-${workflowId}-${result.orders.indexOf(gbpUsd)}-GBP_USD`, status: 'filled' });
    const since = await broker.transactionsSince('1');
    expect(since.transactions.filter((t) => t.type === 'MARKET_ORDER' && t.clientOrderId === gbpUsd.clientOrderId)).toHaveLength(1);
    const after = (await broker.openPositions()).find((p) => p.instrument === 'GBP_USD')!.netUnits;
    expect(after - before).toBe(gbpUsd.filledUnits);
    const rows = await database.pool.query('select status from orders where client_order_id = $1', [gbpUsd.clientOrderId]);
    expect(rows.rows).toEqual([{ status: 'filled' }]);
    const snapshot = await database.pool.query(`select net_units from position_snapshots where workflow_id = $1 and instrument = 'GBP_USD'`, [workflowId]);
    expect(snapshot.rows).toEqual([{ net_units: after }]);
  });
});
