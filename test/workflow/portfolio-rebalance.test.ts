import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AccountSnapshotResult, BrokerActivities, PlaceOrderInput, ReconcileInput } from '../../activities/broker/broker-activities';
import type { MarketDataActivities } from '../../activities/market-data/market-data-activities';
import type { AnalysisActivities, PlannedRebalanceOrder } from '../../activities/trading/analysis-activities';
import type { RecordActivities } from '../../activities/trading/record-activities';
import { portfolioRebalance } from '../../workflows';
import { approveSignal, rejectSignal, statusQuery } from '../../workflows/definitions/control';
import type { PortfolioRebalanceInput, PortfolioRebalanceResult, PortfolioRebalanceStatus } from '../../workflows/definitions/portfolio-rebalance';
import { createTradingWorkers, useTradingWorkflowEnvironment } from '../helpers/trading-workers';

const SNAPSHOT: AccountSnapshotResult = {
  accountId: '101-001-0000001-001', navUsd: 100_000, unrealizedPlUsd: 0, dailyPnlUsd: 0, marginAvailableUsd: 100_000, openTradeCount: 1, lastTransactionId: '42',
  positions: { EUR_USD: 40_000 }, pricesMid: { EUR_USD: 1.1, GBP_USD: 1.3 }, quotes: {},
};

const order = (instrument: string, units: number, notionalUsd: number, reducing: boolean, failures: string[] = []): PlannedRebalanceOrder =>
  ({ instrument, units, notionalUsd, reducing, reason: `${instrument} drift`, failures });

/** Close 20k EUR_USD (22,000 USD), buy 10k GBP_USD (13,000 USD), USD_JPY refused: 35,000 USD approved in total. */
const PLAN = {
  targetWeights: { EUR_USD: 0.22, GBP_USD: 0.13, USD_JPY: 0 },
  orders: [order('EUR_USD', -20_000, -22_000, true), order('GBP_USD', 10_000, 13_000, false), order('USD_JPY', -500_000, -500_000, false, ['max_notional: too large'])],
  totalNotionalUsd: 35_000,
};

interface Scenario {
  plan?: typeof PLAN;
  placeOrder?: (input: PlaceOrderInput) => Promise<Awaited<ReturnType<BrokerActivities['placeOrder']>>>;
}

function mockActivities(scenario: Scenario) {
  const placed: PlaceOrderInput[] = [];
  const reconciled: ReconcileInput[] = [];
  const recorded: PortfolioRebalanceResult[] = [];
  const fetched: string[] = [];
  const approvalsRequested: string[] = [];
  const records: Pick<RecordActivities, 'readTradingState' | 'recordRebalance' | 'recordApprovalRequested'> = {
    readTradingState: async () => ({ state: 'ACTIVE' }),
    recordApprovalRequested: async ({ deadline }) => {
      approvalsRequested.push(deadline);
    },
    recordRebalance: async ({ result }) => {
      recorded.push(result);
    },
  };
  const analysis: Pick<AnalysisActivities, 'planRebalance'> = { planRebalance: async () => scenario.plan ?? PLAN };
  const market: Pick<MarketDataActivities, 'fetchMarketData'> = {
    fetchMarketData: async ({ instrument }) => {
      fetched.push(instrument);
      return { instrument, candles: [], problems: [], source: 'broker' };
    },
  };
  const broker: Pick<BrokerActivities, 'accountSnapshot' | 'placeOrder' | 'reconcilePositions'> = {
    accountSnapshot: async () => SNAPSHOT,
    placeOrder: async (input) => {
      placed.push(input);
      if (scenario.placeOrder) return scenario.placeOrder(input);
      return { clientOrderId: input.clientOrderId, brokerOrderId: `o-${placed.length}`, units: input.units, filledUnits: input.units, fillPriceQuote: 1.2, existing: false };
    },
    reconcilePositions: async (input) => {
      reconciled.push(input);
      return { positions: input.expectedUnits, differences: [] };
    },
  };
  return { activities: { orchestration: { ...records, ...analysis }, broker: { ...market, ...broker } }, placed, reconciled, recorded, fetched, approvalsRequested };
}

const request = (overrides: Partial<PortfolioRebalanceInput> = {}): PortfolioRebalanceInput => ({
  accountId: '101-001-0000001-001', method: 'target_weights', weights: { EUR_USD: 0.22, GBP_USD: 0.13 }, instruments: ['USD_JPY'],
  driftThreshold: 0.02, maxOrderNotional: 50_000, approvalThresholdUsd: 100_000, approvalTimeoutMs: 3_600_000, ...overrides,
});

describe('portfolioRebalance workflow', () => {
  const context = useTradingWorkflowEnvironment();

  async function run(scenario: Scenario, input = request(), whileRunning?: (workflowId: string) => Promise<void>) {
    const mocks = mockActivities(scenario);
    const workers = await createTradingWorkers(context, mocks.activities);
    const workflowId = `rebalance-test-${randomUUID()}`;
    const value = await workers.run(async () => {
      const handle = await context.env.client.workflow.start(portfolioRebalance, { taskQueue: workers.taskQueue, workflowId, args: [input] });
      await whileRunning?.(workflowId);
      return handle.result();
    });
    return { ...mocks, value, workflowId };
  }

  const awaitingApproval = async (workflowId: string) => {
    const handle = context.env.client.workflow.getHandle(workflowId);
    for (let status: PortfolioRebalanceStatus | undefined; status?.stage !== 'awaiting_approval';) status = await handle.query(statusQuery<PortfolioRebalanceStatus>());
    return handle;
  };

  it('executes a plan under the approval threshold at once, reducing first, and reconciles what filled', async () => {
    const { value, placed, reconciled, recorded, fetched, workflowId, approvalsRequested } = await run({});
    expect(approvalsRequested).toEqual([]);
    expect(value.outcome).toBe('partially_rebalanced');
    expect(value.approval).toEqual({ decision: 'not_needed' });
    expect(placed.map((p) => [p.instrument, p.units, p.reducing, p.clientOrderId])).toEqual([
      ['EUR_USD', -20_000, true, `rb-${workflowId}-0-EUR_USD`],
      ['GBP_USD', 10_000, false, `rb-${workflowId}-1-GBP_USD`],
    ]);
    expect(value.orders.map((o) => o.status)).toEqual(['filled', 'filled', 'refused']);
    expect(value.orders[2]!.failures).toEqual(['max_notional: too large']);
    expect(reconciled[0]!.expectedUnits).toEqual({ EUR_USD: 20_000, GBP_USD: 10_000, USD_JPY: 0 });
    expect(recorded).toHaveLength(1);
    expect(fetched).toEqual([]);
  });

  it('fetches return histories for every instrument when weighing by volatility', async () => {
    const { fetched } = await run({}, request({ method: 'risk_parity', weights: undefined, instruments: ['GBP_USD', 'USD_JPY'] }));
    expect(fetched.sort()).toEqual(['EUR_USD', 'GBP_USD', 'USD_JPY']);
  });

  it('reports in balance and places nothing when no instrument drifted', async () => {
    const { value, placed, reconciled } = await run({ plan: { ...PLAN, orders: [], totalNotionalUsd: 0 } });
    expect(value.outcome).toBe('in_balance');
    expect(placed).toHaveLength(0);
    expect(reconciled).toHaveLength(0);
  });

  it('waits for approval above the threshold, says so once, and executes once approved', async () => {
    const { value, placed, approvalsRequested } = await run({}, request({ approvalThresholdUsd: 30_000 }), async (workflowId) => {
      const handle = await awaitingApproval(workflowId);
      await handle.signal(approveSignal, { by: 'risk-officer' });
    });
    expect(value.approval).toEqual({ decision: 'approved', by: 'risk-officer' });
    expect(approvalsRequested).toHaveLength(1);
    expect(placed).toHaveLength(2);
  });

  it('places nothing when the plan is rejected', async () => {
    const { value, placed } = await run({}, request({ approvalThresholdUsd: 30_000 }), async (workflowId) => {
      const handle = await awaitingApproval(workflowId);
      await handle.signal(rejectSignal, { by: 'risk-officer', reason: 'too large before NFP' });
    });
    expect(value.outcome).toBe('rejected');
    expect(placed).toHaveLength(0);
    expect(value.orders.map((o) => [o.status, o.failures[0]])).toEqual([
      ['not_attempted', 'rejected by risk-officer: too large before NFP'],
      ['not_attempted', 'rejected by risk-officer: too large before NFP'],
      ['refused', 'max_notional: too large'],
    ]);
  });

  it('rejects the plan when nobody approves it before the timeout', async () => {
    const { value, placed, recorded } = await run({}, request({ approvalThresholdUsd: 30_000, approvalTimeoutMs: 2 * 3_600_000 }));
    expect(value.outcome).toBe('approval_timed_out');
    expect(value.approval).toEqual({ decision: 'timed_out', reason: 'no approval within 7200000 ms' });
    expect(placed).toHaveLength(0);
    expect(recorded[0]!.outcome).toBe('approval_timed_out');
  });

  it('stops at a failed order, leaves the rest unattempted and says so', async () => {
    const plan = { ...PLAN, orders: [order('EUR_USD', -20_000, -22_000, true), order('GBP_USD', 10_000, 13_000, false), order('AUD_USD', 5_000, 3_300, false)] };
    const { value, placed, reconciled } = await run({
      plan,
      placeOrder: async (input) => {
        if (input.instrument === 'GBP_USD') throw ApplicationFailure.create({ type: 'INSUFFICIENT_MARGIN', nonRetryable: true, message: 'margin' });
        return { clientOrderId: input.clientOrderId, brokerOrderId: 'o-1', units: input.units, filledUnits: input.units, existing: false };
      },
    });
    expect(value.outcome).toBe('partially_rebalanced');
    expect(placed.map((p) => p.instrument)).toEqual(['EUR_USD', 'GBP_USD']);
    expect(value.orders.map((o) => o.status)).toEqual(['filled', 'failed', 'not_attempted']);
    expect(value.orders[1]!.failures).toEqual(['INSUFFICIENT_MARGIN: margin']);
    expect(value.reasons).toEqual([`stopped at ${value.orders[1]!.clientOrderId}: margin`]);
    expect(reconciled[0]!.expectedUnits).toEqual({ EUR_USD: 20_000, GBP_USD: 0, AUD_USD: 0 });
  });
});
