import { randomUUID } from 'node:crypto';
import { waitFor } from '../../infra/async/wait-for';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput, type PortfolioRebalanceResult } from '../../workflows/definitions/portfolio-rebalance';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(240_000);

const REFUSED_ACCOUNT = '101-001-0000001-002';

/**
 * One account whose token the venue refuses does not hold up the others: the worker serves the account it could
 * reconcile, and the refused account's work waits, retrying, instead of failing or trading on unchecked records.
 */
describe('an account the venue refuses, beside one it accepts', () => {
  let stack: RealStack;

  beforeAll(async () => {
    stack = await startRealStack('account_isolation', {
      seed: 89,
      env: {
        SCHEDULES_ENABLED: 'false',
        DESK_B_TOKEN: 'a-revoked-token',
        BROKER_ACCOUNTS: JSON.stringify([{ id: SIM_ACCOUNT_ID }, { id: REFUSED_ACCOUNT, credential: 'DESK_B_TOKEN' }]),
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('trades the accepted account while the refused one waits, retrying', async () => {
    await waitFor('the refused account\'s reconciliation to fail', async () =>
      (stack.worker.output().includes('restart reconciliation failed: no order is placed for this account until it succeeds') ? true : undefined), 60_000);
    const rebalance = (accountId: string): PortfolioRebalanceInput => ({
      accountId, method: 'target_weights', weights: { EUR_USD: 0.1 }, driftThreshold: 0.01, maxOrderNotional: 100_000,
      approvalThresholdUsd: 1e9, approvalTimeoutMs: 60_000, requestedBy: 'isolation-test',
    });
    const waiting = await stack.client.workflow.start(PORTFOLIO_REBALANCE_WORKFLOW, { taskQueue: 'orchestration', workflowId: `isolation-refused-${randomUUID()}`, args: [rebalance(REFUSED_ACCOUNT)] });
    const traded = await stack.client.workflow.execute(PORTFOLIO_REBALANCE_WORKFLOW, { taskQueue: 'orchestration', workflowId: `isolation-accepted-${randomUUID()}`, args: [rebalance(SIM_ACCOUNT_ID)] }) as PortfolioRebalanceResult;
    expect(traded.outcome).toBe('rebalanced');

    const retrying = await waitFor('the refused account\'s activity to be retrying', async () => {
      const description = await waiting.describe();
      const pending = description.raw.pendingActivities?.[0];
      return description.status.name === 'RUNNING' && (pending?.attempt ?? 0) >= 2 ? pending : undefined;
    }, 60_000);
    expect(retrying.lastFailure?.message).toContain(`account ${REFUSED_ACCOUNT} is not reconciled with the broker on this worker yet`);
    expect((await stack.database.pool.query('select count(*)::int as n from orders where account_id = $1', [REFUSED_ACCOUNT])).rows[0].n).toBe(0);
    await waiting.terminate('the test is over');
  });
});
