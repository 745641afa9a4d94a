import { join } from 'node:path';
import { waitFor } from '../../infra/async/wait-for';
import { projectRoot } from '../../infra/paths';
import { runCommand } from '../../infra/temporal/run-command';
import { issueTestKey } from '../helpers/api-keys';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(240_000);

/** bin/ctl as an operator's terminal runs it (the compiled entry point, the key in the environment), on the real stack. */
describe('bin/ctl', () => {
  let stack: RealStack;
  let viewerKey: string;

  const ctl = async (args: string[], key = stack.apiKey) => {
    const { exitCode, output } = await runCommand(process.execPath, [join(projectRoot(), 'dist', 'infra', 'ctl', 'main.js'), ...args], {
      env: { PATH: process.env.PATH, TRADE_API_URL: stack.apiUrl, TRADE_API_KEY: key },
    });
    return { exitCode, output };
  };

  beforeAll(async () => {
    stack = await startRealStack('operator_cli', { seed: 29, env: { SCHEDULES_ENABLED: 'false', REBALANCE_APPROVAL_NOTIONAL_USD: '20000', MAX_ORDER_NOTIONAL_USD: '200000' } });
    viewerKey = await issueTestKey(stack.database.db, 'cli-viewer', 'viewer');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the status, and refuses bad usage with exit status 2 before calling anything', async () => {
    const status = await ctl(['status']);
    expect(status.exitCode).toBe(0);
    expect(status.output).toContain(`account ${SIM_ACCOUNT_ID}: trading ACTIVE`);
    expect(status.output).toMatch(/health \w+/);
    expect(await ctl(['stop'])).toMatchObject({ exitCode: 2, output: '--reason is required: it is recorded in the audit log\n' });
    expect((await ctl(['emergency-stop', '--reason', 'x'])).output).toContain('add --yes to confirm');
    expect((await ctl(['launch'])).exitCode).toBe(2);
  });

  it('stops and resumes as the key\'s identity, and says why a viewer may not', async () => {
    const refused = await ctl(['stop', '--reason', 'viewer tries'], viewerKey);
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toMatch(/^refused \(HTTP 403\): /);

    const stopped = await ctl(['stop', '--reason', 'cli halt']);
    expect(stopped).toMatchObject({ exitCode: 0, output: `stop: ${SIM_ACCOUNT_ID} is HALTED\n` });
    const { rows } = await stack.database.pool.query("select actor from audit_events where action = 'control.stop' and reason = 'cli halt'");
    expect(rows).toEqual([{ actor: 'test-admin' }]);
    expect((await ctl(['resume', '--reason', 'cli resume'])).output).toBe(`resume: ${SIM_ACCOUNT_ID} is ACTIVE\n`);
  });

  it('lists a rebalance waiting for approval and approves it', async () => {
    const started = await stack.fetchApi('/api/workflows/portfolio-rebalance', {
      body: { accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights: { EUR_USD: 0.3 }, driftThreshold: 0.01, maxOrderNotional: 200_000 },
    });
    const { workflowId } = await started.json() as { workflowId: string };
    const listed = await waitFor('the rebalance among the approvals', async () => {
      const { output } = await ctl(['approvals', '--json']);
      return (JSON.parse(output) as Array<{ workflowId: string }>).some((item) => item.workflowId === workflowId) ? true : undefined;
    }, 60_000);
    expect(listed).toBe(true);
    expect(await ctl(['approve', workflowId, '--reason', 'from the terminal'])).toMatchObject({ exitCode: 0, output: `approve: sent to ${workflowId}\n` });
    const result = await stack.client.workflow.getHandle(workflowId).result() as { approval: unknown };
    expect(result.approval).toEqual({ decision: 'approved', by: 'test-admin', reason: 'from the terminal' });
  });

  it('runs the emergency stop with --yes and prints the run for scripts with --json', async () => {
    const { exitCode, output } = await ctl(['emergency-stop', '--reason', 'cli emergency', '--yes', '--json']);
    expect(exitCode).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ action: 'emergency-stop', scope: SIM_ACCOUNT_ID, tradingState: 'HALTED', workflowId: expect.any(String) });
    const positions = await waitFor('the account to be flat', async () => {
      const answer = await ctl(['positions']);
      return answer.output.includes('\nflat\n') ? answer : undefined;
    }, 90_000);
    expect(positions.exitCode).toBe(0);
  });
});
