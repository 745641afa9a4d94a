import { randomUUID } from 'node:crypto';
import { waitFor } from '../../infra/async/wait-for';
import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { loadConfig } from '../../infra/config';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import { TASK_QUEUE, useChaosStack } from './chaos-stack';

jest.setTimeout(300_000);

const ACCOUNTS = ['101-001-0000001-001', '101-001-0000001-002'];

/**
 * One worker trading two accounts is killed with SIGKILL while each account has a placement on its way to the venue
 * (held by the proxy), then restarted: each account's orders exist exactly once at its own venue account and in
 * Postgres, nothing lands in the other account, and each account's positions match its filled orders.
 */
describe('chaos: the worker killed during placements on two accounts', () => {
  const stack = useChaosStack('chaos_two_accounts', 61, { BROKER_ACCOUNT_IDS: ACCOUNTS.join(',') });
  const venue: Record<string, OandaBroker> = {};

  beforeAll(() => {
    const config = loadConfig({ BROKER_URL: stack.sim.url }).broker;
    for (const accountId of ACCOUNTS) venue[accountId] = createBroker({ ...config, accountId });
  });
  afterAll(() => Object.values(venue).forEach((broker) => broker.close()));

  async function marketOrdersAtVenue(accountId: string): Promise<Map<string, number>> {
    const placed = new Map<string, number>();
    let since = '1';
    for (;;) {
      const page = await venue[accountId]!.transactionsSince(since);
      for (const t of page.transactions) if (t.type === 'MARKET_ORDER' && t.clientOrderId) placed.set(t.clientOrderId, (placed.get(t.clientOrderId) ?? 0) + 1);
      if (page.transactions.length === 0 || since === page.lastTransactionId) return placed;
      since = page.lastTransactionId;
    }
  }

  it('leaves no duplicate and no missing order in either account', async () => {
    await waitFor('both accounts in the registry', async () => ((await stack.sql('select id from accounts')).length === 2 ? true : undefined), 60_000);
    stack.proxy.hold('request', 4_000);
    const handles = await Promise.all(ACCOUNTS.map((accountId, index) => {
      const input: PortfolioRebalanceInput = {
        accountId, method: 'target_weights', weights: index === 0 ? { EUR_USD: 0.1, GBP_USD: -0.1 } : { USD_JPY: 0.1, AUD_USD: 0.1 }, driftThreshold: 0.01,
        maxOrderNotional: 100_000, approvalThresholdUsd: 1e9, approvalTimeoutMs: 60_000, requestedBy: 'chaos',
      };
      return stack.client.workflow.start(PORTFOLIO_REBALANCE_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId: `chaos-two-accounts-${index}-${randomUUID()}`, args: [input] });
    }));
    await waitFor('a placement in flight in each account', async () => {
      const rows = await stack.sql(`select distinct account_id from orders where status = 'submitting'`);
      return rows.length === 2 ? true : undefined;
    }, 60_000, 20);
    await stack.killWorker();
    stack.proxy.hold('none', 0);
    await stack.startWorker();
    await Promise.all(handles.map((handle) => handle.result()));

    for (const accountId of ACCOUNTS) {
      const rows = await stack.sql(`select client_order_id, instrument, status, filled_units::float8 as filled from orders where account_id = $1`, [accountId]);
      expect(rows.filter((row) => row.status === 'filled').length).toBe(2);
      const placed = await marketOrdersAtVenue(accountId);
      for (const row of rows) {
        expect({ accountId, order: row.client_order_id, atVenue: placed.get(row.client_order_id as string) ?? 0 })
          .toEqual({ accountId, order: row.client_order_id, atVenue: row.status === 'filled' ? 1 : 0 });
      }
      expect([...placed.keys()].filter((id) => !rows.some((row) => row.client_order_id === id))).toEqual([]);
      const positions = Object.fromEntries((await venue[accountId]!.openPositions()).filter((p) => p.netUnits !== 0).map((p) => [p.instrument, p.netUnits]));
      expect(positions).toEqual(Object.fromEntries(rows.filter((row) => row.status === 'filled').map((row) => [row.instrument, row.filled])));
    }
    await waitFor('no workflow left running', async () => ((await stack.runningWorkflows()).length === 0 ? true : undefined), 20_000);
  });
});
