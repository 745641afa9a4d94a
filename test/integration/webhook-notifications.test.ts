import { waitFor } from '../../infra/async/wait-for';
import { verifyWebhookSignature } from '../../infra/notifications/webhook-signature';
import { deliverNotificationWorkflowId } from '../../workflows/definitions/deliver-notification';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';
import { startWebhookReceiver, type ReceivedWebhook } from '../helpers/webhook-receiver';

jest.setTimeout(240_000);

const OPS_SECRET = 'ops-shared-secret-for-tests';
const DELIVERED_WITHIN_MS = 90_000;

/**
 * Webhook notifications end to end: the api and worker processes, Temporal and Postgres for real, with WEBHOOKS
 * naming three sinks on a local receiver. What the operators do through the api becomes audit events, the worker's
 * dispatcher starts one deliverNotification run per event and sink, and the receiver sees them signed.
 */
describe('webhook notifications', () => {
  let stack: RealStack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    // ops fails its first two attempts of every notification; picky refuses everything; chat always takes it.
    receiver = await startWebhookReceiver((path, attempt) => {
      if (path === '/picky') return 400;
      if (path.startsWith('/ops') && attempt <= 2) return 503;
      return 200;
    });
    const webhooks = [
      { name: 'ops', url: `${receiver.url}/ops`, events: ['trading_halted', 'trading_resumed', 'approval_needed'], secretEnv: 'WEBHOOK_SECRET_OPS' },
      { name: 'chat', url: `${receiver.url}/chat`, events: ['trading_halted'], format: 'slack' },
      { name: 'picky', url: `${receiver.url}/picky`, events: ['trading_resumed'], secretEnv: 'WEBHOOK_SECRET_OPS' },
    ];
    stack = await startRealStack('webhooks', {
      seed: 23,
      env: { SCHEDULES_ENABLED: 'false', WEBHOOKS: JSON.stringify(webhooks), WEBHOOK_SECRET_OPS: OPS_SECRET, REBALANCE_APPROVAL_NOTIONAL_USD: '20000', MAX_ORDER_NOTIONAL_USD: '200000' },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  const delivered = (path: string, kind: string) => receiver.received.filter((hook) => hook.path === path && hook.headers['x-trade-orchestrator-event'] === kind && hook.status === 200);
  const deliveredOnce = (path: string, kind: string, within = DELIVERED_WITHIN_MS) =>
    waitFor(`${kind} delivered to ${path}`, async () => delivered(path, kind)[0], within);

  it('signs each delivery, retries a receiver that fails first, and sends Slack\'s form to a Slack sink', async () => {
    const halted = await stack.fetchApi('/api/system/control/stop', { body: { scope: 'account', accountId: SIM_ACCOUNT_ID, reason: 'webhook test halt' } });
    // Trading is halted at once: no receiver, slow or failing, stands in the way.
    expect(halted.status).toBe(200);

    const ops = await deliveredOnce('/ops', 'trading_halted');
    const notification = JSON.parse(ops.body) as { id: string; kind: string; title: string; text: string; subject: string; actor: string };
    expect(notification).toMatchObject({ kind: 'trading_halted', title: `Trading halted on ${SIM_ACCOUNT_ID}`, subject: SIM_ACCOUNT_ID, actor: 'test-admin' });
    expect(notification.text).toContain('webhook test halt');
    expect(verifyWebhookSignature(OPS_SECRET, { timestamp: ops.headers['x-trade-orchestrator-timestamp'] as string, signature: ops.headers['x-trade-orchestrator-signature'] as string }, ops.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature('another secret', { timestamp: ops.headers['x-trade-orchestrator-timestamp'] as string, signature: ops.headers['x-trade-orchestrator-signature'] as string }, ops.body, Math.floor(Date.now() / 1000))).toBe(false);
    const attempts = receiver.received.filter((hook) => hook.path === '/ops' && hook.headers['x-trade-orchestrator-delivery'] === notification.id);
    expect(attempts.map((hook) => hook.status)).toEqual([503, 503, 200]);
    // Every attempt carries the same body, so a receiver may drop a repeated delivery id.
    expect(new Set(attempts.map((hook) => hook.body)).size).toBe(1);

    const chat = await deliveredOnce('/chat', 'trading_halted');
    const slack = JSON.parse(chat.body) as Record<string, unknown>;
    expect(Object.keys(slack)).toEqual(['text']);
    expect(slack.text).toContain(`*Trading halted on ${SIM_ACCOUNT_ID}*`);
    expect(chat.headers['x-trade-orchestrator-signature']).toBeUndefined();

    const run = await stack.client.workflow.getHandle(deliverNotificationWorkflowId('ops', notification.id)).result();
    expect(run).toEqual({ status: 200 });
  });

  it('sends each sink only the kinds it asked for, and gives up on a receiver that refuses', async () => {
    const resumed = await stack.fetchApi('/api/system/control/resume', { body: { scope: 'account', accountId: SIM_ACCOUNT_ID, reason: 'webhook test resume' } });
    expect(resumed.status).toBe(200);
    const ops = await deliveredOnce('/ops', 'trading_resumed');
    const { id } = JSON.parse(ops.body) as { id: string };

    // picky answered 400: one attempt, and the run ends failed with the refusal, not retried for a day.
    const refusal = await stack.client.workflow.getHandle(deliverNotificationWorkflowId('picky', id)).result().then(() => undefined, (error: Error) => error);
    expect(refusal).toBeDefined();
    expect(receiver.received.filter((hook) => hook.path === '/picky')).toHaveLength(1);
    expect(receiver.received.filter((hook: ReceivedWebhook) => hook.path === '/chat' && hook.headers['x-trade-orchestrator-event'] !== 'trading_halted')).toEqual([]);
  });

  it('tells the approvers that a rebalance waits for them', async () => {
    const started = await stack.fetchApi('/api/workflows/portfolio-rebalance', {
      body: { accountId: SIM_ACCOUNT_ID, method: 'target_weights', weights: { EUR_USD: 0.3, USD_JPY: -0.2 }, driftThreshold: 0.01, maxOrderNotional: 200_000 },
    });
    expect(started.status).toBe(202);
    const { workflowId } = await started.json() as { workflowId: string };
    const ops = await waitFor('approval_needed for the rebalance', async () => delivered('/ops', 'approval_needed').find((hook) => hook.body.includes(workflowId)), DELIVERED_WITHIN_MS);
    const notification = JSON.parse(ops.body) as { title: string; workflowId: string; webUiUrl: string; details: { totalNotionalUsd: number; orders: unknown[] } };
    expect(notification).toMatchObject({ title: `A rebalance of ${SIM_ACCOUNT_ID} waits for approval`, workflowId });
    expect(notification.webUiUrl).toContain(workflowId);
    expect(notification.details.totalNotionalUsd).toBeGreaterThan(20_000);
    expect(notification.details.orders).toHaveLength(2);
    await stack.fetchApi(`/api/workflows/${workflowId}/signals/reject`, { body: { reason: 'test over' } });
  });
});
