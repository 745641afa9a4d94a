import { randomUUID } from 'node:crypto';
import { waitFor } from '../../infra/async/wait-for';
import { EMERGENCY_STOP_WORKFLOW, emergencyStopWorkflowId, type EmergencyStopInput } from '../../workflows/definitions/emergency-stop';
import type { EmergencyStopReport } from '../../workflows/definitions/emergency-stop-report';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { TASK_QUEUE, useChaosStack } from './chaos-stack';

jest.setTimeout(180_000);

/**
 * The emergency stop survives its worker: killed with SIGKILL while its position closes are on their way to the
 * venue, the restarted worker finishes the same run, every step is audited once, and the account ends flat.
 */
describe('chaos: the worker killed in the middle of an emergency stop', () => {
  const stack = useChaosStack('chaos_emergency_stop', 59);

  it('resumes the stop after a restart and ends flat and HALTED, each step audited once', async () => {
    const { lastTransactionId } = await stack.broker.accountSummary();
    await stack.broker.placeOrder({ type: 'MARKET', clientOrderId: `es-long-${randomUUID()}`, instrument: 'EUR_USD', units: 3_000 }, { lastKnownTransactionId: lastTransactionId });
    await stack.broker.placeOrder({ type: 'MARKET', clientOrderId: `es-short-${randomUUID()}`, instrument: 'GBP_USD', units: -2_000 }, { lastKnownTransactionId: lastTransactionId });
    stack.proxy.hold('request', 4_000, { method: 'PUT', path: /\/positions\/[A-Z_]+\/close$/ });

    const input: EmergencyStopInput = { scope: 'account', accountId: SIM_ACCOUNT_ID, reason: 'chaos', closePositions: true, requestedBy: 'chaos' };
    const handle = await stack.client.workflow.start(EMERGENCY_STOP_WORKFLOW, {
      taskQueue: TASK_QUEUE, workflowId: emergencyStopWorkflowId('account', SIM_ACCOUNT_ID), args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await waitFor('the stop to reach its position closes', async () =>
      ((await stack.sql(`select 1 from audit_events where run_id = $1 and action = 'emergency_stop.orders_cancelled'`, [handle.firstExecutionRunId])).length > 0 ? true : undefined), 60_000, 20);
    await stack.killWorker();
    stack.proxy.hold('none', 0);
    await stack.startWorker();

    const report = await handle.result() as EmergencyStopReport;
    expect(report).toMatchObject({ scope: SIM_ACCOUNT_ID, tradingState: 'HALTED', outcome: 'flat' });
    expect((await stack.broker.openPositions()).filter((p) => p.netUnits !== 0)).toEqual([]);
    expect(await stack.sql('select state, updated_by from trading_state where scope = $1', [SIM_ACCOUNT_ID])).toEqual([{ state: 'HALTED', updated_by: 'chaos' }]);
    const actions = (await stack.sql('select action from audit_events where run_id = $1 order by id', [handle.firstExecutionRunId])).map((row) => row.action);
    expect(actions).toEqual([
      'circuit_breaker.override_set', 'emergency_stop.halted', 'emergency_stop.orders_cancelled',
      ...report.closeAttempts.map((attempt) => `emergency_stop.close_attempt_${attempt.attempt}`), 'emergency_stop.completed',
    ]);
    expect(await stack.runningWorkflows()).toEqual([]);
  });
});
