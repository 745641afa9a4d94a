import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { NOTIFYING_ACTIONS, notificationOf, type Notification, type NotificationMemory } from '../../domain/notifications/notification';
import { DELIVER_NOTIFICATION_WORKFLOW, deliverNotificationWorkflowId, type DeliverNotificationInput } from '../../workflows/definitions/deliver-notification';
import type { Database } from '../db/client';
import { listenForNotifications } from '../db/notification-listener';
import { claimDispatch, pruneDispatches, undispatchedAuditEvents } from '../db/queries/notification-dispatches';
import type { Logger } from '../logging';
import type { WebhookSink } from './webhook-sinks';

/** A sweep runs at least this often, and at once when an audit event is written. */
const SWEEP_MS = 5_000;
/** Events older than this when first seen (a worker down for long) are not announced: they are no longer news. */
export const NOTIFICATION_LOOKBACK_MS = 15 * 60_000;
const BATCH = 100;
const PRUNE_EVERY_MS = 3_600_000;

export interface NotificationDispatcherDeps {
  client: Client;
  taskQueue: string;
  db: Database;
  connectionString: string;
  sinks: readonly WebhookSink[];
  runUrl(workflowId: string, runId: string): string;
  logger: Logger;
}

/**
 * Turns audit events into webhook deliveries until the signal aborts: each event that calls for a notification
 * starts one deliverNotification run per subscribed sink, in the transaction that claims the event, so every worker
 * may run a dispatcher and each notification still goes out once. Nothing runs without sinks.
 */
export async function dispatchNotifications(deps: NotificationDispatcherDeps, signal: AbortSignal): Promise<void> {
  if (deps.sinks.length === 0) return;
  const memory: NotificationMemory = {};
  let wake: () => void = () => undefined;
  const listening = listenForNotifications({
    connectionString: deps.connectionString, channels: ['audit_event'], applicationName: 'notification-dispatcher', onNotification: () => wake(), logger: deps.logger,
  }, signal);
  deps.logger.info({ sinks: deps.sinks.map(({ name, format, events }) => ({ name, format, events: events.length })) }, 'notification dispatcher running');
  let prunedAtMs = 0;
  while (!signal.aborted) {
    try {
      await dispatchPending(deps, memory);
      if (Date.now() - prunedAtMs > PRUNE_EVERY_MS) {
        await pruneDispatches(deps.db, Date.now() - 4 * NOTIFICATION_LOOKBACK_MS);
        prunedAtMs = Date.now();
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'notification sweep failed; trying again');
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SWEEP_MS);
      wake = () => { clearTimeout(timer); resolve(); };
      signal.addEventListener('abort', wake, { once: true });
    });
  }
  await listening;
}

async function dispatchPending(deps: NotificationDispatcherDeps, memory: NotificationMemory): Promise<void> {
  const events = await undispatchedAuditEvents(deps.db, NOTIFYING_ACTIONS, Date.now() - NOTIFICATION_LOOKBACK_MS, BATCH);
  for (const event of events) {
    // Applied only once the event is handled: a sweep that fails leaves the memory as the event found it.
    const next = { ...memory };
    const webUiUrl = event.workflowId && event.runId ? deps.runUrl(event.workflowId, event.runId) : null;
    const notification = notificationOf({ ...event, occurredAt: event.occurredAt.toISOString() }, next, webUiUrl);
    const sinks = notification ? deps.sinks.filter((sink) => sink.events.includes(notification.kind)) : [];
    await deps.db.transaction(async (tx) => {
      if (!(await claimDispatch(tx, { auditEventId: event.id, kind: notification?.kind ?? null, sinks: sinks.map((sink) => sink.name) }))) return;
      for (const sink of sinks) await startDelivery(deps, sink.name, notification!);
    });
    Object.assign(memory, next);
    if (notification && sinks.length > 0) deps.logger.info({ kind: notification.kind, id: notification.id, sinks: sinks.map((sink) => sink.name) }, 'notification dispatched');
  }
}

async function startDelivery({ client, taskQueue }: NotificationDispatcherDeps, sink: string, notification: Notification): Promise<void> {
  const input: DeliverNotificationInput = { sink, notification };
  try {
    await client.workflow.start(DELIVER_NOTIFICATION_WORKFLOW, {
      taskQueue, workflowId: deliverNotificationWorkflowId(sink, notification.id), args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
