import { inArray } from 'drizzle-orm';
import type { Database } from '../../infra/db/client';
import { listenForNotifications } from '../../infra/db/notification-listener';
import { auditEvents } from '../../infra/db/schema';
import type { Logger } from '../../infra/logging';
import type { EventHub } from './event-hub';

/** Each channel (migrations 0004 and 0014) and the event type the stream gives its notifications. */
const CHANNEL_EVENTS: Readonly<Record<string, string>> = {
  order_event: 'order',
  fill_event: 'fill',
  health_event: 'health',
  trading_state_changed: 'trading_state',
  strategy_params_activated: 'strategy_activated',
};
const AUDIT_CHANNEL = 'audit_event';

export interface StreamFeed {
  connectionString: string;
  db: Database;
  hub: EventHub;
  /** The Web UI link of a run, added to every audit event that names a workflow. */
  runUrl(workflowId: string, runId: string): string;
  logger: Logger;
}

/**
 * Feeds the hub from Postgres until the signal aborts: one LISTEN connection for the whole api process, whatever the
 * number of clients. An audit event is read by its id (those that come together in one read) and published as
 * `audit`, with its action, actor, reason, subject and the run's Web UI link. Every event reaches the hub in the
 * order Postgres delivered its notification: what comes after an audit event waits for its read.
 */
export function feedStreamFromPostgres(feed: StreamFeed, signal: AbortSignal): Promise<void> {
  let chain = Promise.resolve();
  const inOrder = (step: () => Promise<void> | void) => {
    chain = chain.then(step).catch((error: unknown) => feed.logger.error({ err: error }, 'could not publish a stream event'));
  };
  // The audit ids still waiting for their read; an event of another type closes the batch, so nothing overtakes it.
  let auditBatch: number[] | undefined;
  const publishAudit = async (ids: number[]) => {
    if (auditBatch === ids) auditBatch = undefined;
    const rows = await feed.db.select().from(auditEvents).where(inArray(auditEvents.id, ids)).orderBy(auditEvents.id);
    for (const row of rows) {
      const webUiUrl = row.workflowId && row.runId ? feed.runUrl(row.workflowId, row.runId) : null;
      feed.hub.publish('audit', { ...row, occurredAt: row.occurredAt.toISOString(), webUiUrl });
    }
  };
  return listenForNotifications({
    connectionString: feed.connectionString,
    channels: [AUDIT_CHANNEL, ...Object.keys(CHANNEL_EVENTS)],
    applicationName: 'api-stream',
    onNotification: (channel, payload) => {
      if (channel !== AUDIT_CHANNEL) {
        auditBatch = undefined;
        const data: unknown = JSON.parse(payload ?? '{}');
        inOrder(() => feed.hub.publish(CHANNEL_EVENTS[channel]!, data));
        return;
      }
      if (!auditBatch) {
        const batch: number[] = [];
        auditBatch = batch;
        inOrder(() => publishAudit(batch));
      }
      auditBatch.push(Number(payload));
    },
    logger: feed.logger,
  }, signal);
}
