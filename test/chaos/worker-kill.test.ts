import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { waitFor } from '../../infra/async/wait-for';
import { ANALYSIS_TO_TRADE_WORKFLOW, type AnalysisToTradeInput } from '../../workflows/definitions/analysis-to-trade';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { TASK_QUEUE, useChaosStack } from './chaos-stack';
import type { HoldPoint } from '../helpers/delaying-proxy';

jest.setTimeout(300_000);

/**
 * Real processes, real failures: the compiled orchestration worker is killed with SIGKILL while analysis-to-trade and
 * rebalance workflows place orders (once while a placement is on its way to the venue, once after the venue has it
 * but before the worker heard back), then restarted; a third round loses the venue's answer to an order and
 * terminates every Postgres connection mid-run. Afterwards every order exists exactly once at the venue and in
 * Postgres, positions match the filled orders, and every workflow has completed.
 */
describe('chaos: killed worker, lost venue answers, dropped database connections', () => {
  const stack = useChaosStack('chaos_trading', 53);
  const kills: string[] = [];
  const sql = (text: string, values: unknown[] = []) => stack.sql(text, values);

  function startTrading(round: string, weights: Record<string, number>): Promise<Array<WorkflowHandle>> {
    const rebalance: PortfolioRebalanceInput = {
      accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights, driftThreshold: 0.01, maxOrderNotional: 100_000,
      approvalThresholdUsd: 1e9, approvalTimeoutMs: 60_000, requestedBy: 'chaos',
    };
    const analysis: AnalysisToTradeInput = {
      accountId: SIM_ACCOUNT_ID, instruments: ['USD_CHF', 'USD_CAD'], strategy: { name: 'ma-crossover', params: {} }, granularity: 'M5',
      lookback: 150, execute: true, minConfidence: 0, requestedBy: 'chaos',
    };
    return Promise.all([
      stack.client.workflow.start(PORTFOLIO_REBALANCE_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId: `chaos-rebalance-${round}-${randomUUID()}`, args: [rebalance] }),
      stack.client.workflow.start(ANALYSIS_TO_TRADE_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId: `chaos-atr-${round}-${randomUUID()}`, args: [analysis] }),
    ]);
  }

  const submittingRow = async () => (await sql(`select client_order_id from orders where status = 'submitting' limit 1`))[0]?.client_order_id as string | undefined;

  async function killRound(round: string, delay: HoldPoint, weights: Record<string, number>): Promise<void> {
    stack.proxy.hold(delay, 4_000);
    const handles = await startTrading(round, weights);
    const clientOrderId = await waitFor(`a placement in flight (${round})`, submittingRow, 60_000, 20);
    if (delay === 'response') await waitFor(`${clientOrderId} at the venue`, async () => stack.broker.findOrderByClientId(clientOrderId), 10_000, 20);
    await stack.killWorker();
    kills.push(`${round}: ${delay === 'request' ? 'orders row written, order not yet at the venue' : 'order at the venue, answer not yet back'}`);
    stack.proxy.hold('none', 0);
    await stack.startWorker();
    await Promise.all(handles.map((handle) => handle.result()));
  }

  it('kills the worker mid-placement at two points, then loses a venue answer and the database connections; no order is lost or doubled', async () => {
    await killRound('before-venue', 'request', { EUR_USD: 0.1, GBP_USD: -0.1 });
    await killRound('after-venue', 'response', { EUR_USD: -0.05, AUD_USD: 0.1 });

    stack.sim.faults.loseNextResponse('POST', /\/orders$/);
    stack.proxy.hold('request', 1_500);
    const handles = await startTrading('db-and-venue', { GBP_USD: 0.08, USD_JPY: 0.05 });
    await waitFor('a placement in flight (db-and-venue)', submittingRow, 60_000, 20);
    const terminated = (await sql(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`))[0].n as number;
    stack.proxy.hold('none', 0);
    await Promise.all(handles.map((handle) => handle.result()));
    expect(terminated).toBeGreaterThan(0);

    const rows = await sql(`select client_order_id, instrument, status, filled_units::float8 as filled from orders order by id`);
    expect(rows.filter((row) => row.status === 'submitting' || row.status === 'pending')).toEqual([]);
    const transactions = [];
    let since = '1';
    for (;;) {
      const page = await stack.broker.transactionsSince(since);
      transactions.push(...page.transactions);
      if (page.transactions.length === 0 || since === page.lastTransactionId) break;
      since = page.lastTransactionId;
    }
    const placedAtVenue = new Map<string, number>();
    for (const t of transactions) if (t.type === 'MARKET_ORDER' && t.clientOrderId) placedAtVenue.set(t.clientOrderId, (placedAtVenue.get(t.clientOrderId) ?? 0) + 1);
    expect(rows.filter((row) => row.status === 'filled').length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect({ order: row.client_order_id, atVenue: placedAtVenue.get(row.client_order_id as string) ?? 0 }).toEqual({ order: row.client_order_id, atVenue: row.status === 'filled' ? 1 : 0 });
    }
    expect([...placedAtVenue.keys()].filter((id) => !rows.some((row) => row.client_order_id === id))).toEqual([]);

    const filledUnits: Record<string, number> = {};
    for (const row of rows) if (row.status === 'filled') filledUnits[row.instrument as string] = (filledUnits[row.instrument as string] ?? 0) + (row.filled as number);
    const positions = Object.fromEntries((await stack.broker.openPositions()).filter((p) => p.netUnits !== 0).map((p) => [p.instrument, p.netUnits]));
    expect(positions).toEqual(Object.fromEntries(Object.entries(filledUnits).filter(([, units]) => units !== 0)));

    // Visibility trails the history a little: nothing may stay running once it has caught up.
    await waitFor('no workflow left running', async () => ((await stack.runningWorkflows()).length === 0 ? true : undefined), 20_000);
    const corrections = await sql(`select action from audit_events where actor = 'restart-reconciliation' and action <> 'reconciliation.completed'`);
    console.log(JSON.stringify({ kills, ordersFilled: rows.filter((row) => row.status === 'filled').length, connectionsTerminated: terminated, reconciliationCorrections: corrections.length }));
  });
});
