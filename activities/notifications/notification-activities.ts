import { ApplicationFailure } from '@temporalio/activity';
import { postWebhook, WebhookRefusedError } from '../../infra/notifications/post-webhook';
import type { WebhookSink } from '../../infra/notifications/webhook-sinks';
import type { DeliverNotificationInput, DeliverNotificationResult } from '../../workflows/definitions/deliver-notification';

/** A receiver that has not answered within this is retried: it must not hold a delivery slot for long. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface NotificationActivityDeps {
  webhooks: readonly WebhookSink[];
  clock: () => number;
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

export function createNotificationActivities({ webhooks, clock }: NotificationActivityDeps) {
  return {
    /** One attempt to deliver; Temporal retries a failure, except a refusal or a sink no longer configured. */
    async postNotification({ sink: name, notification }: DeliverNotificationInput): Promise<DeliverNotificationResult> {
      const sink = webhooks.find((candidate) => candidate.name === name);
      if (!sink) throw ApplicationFailure.nonRetryable(`no webhook sink named ${name} in WEBHOOKS any more`, 'UnknownWebhookSink');
      try {
        return await postWebhook(sink, notification, { timeoutMs: WEBHOOK_TIMEOUT_MS, nowMs: clock() });
      } catch (error) {
        if (error instanceof WebhookRefusedError) throw ApplicationFailure.nonRetryable(error.message, 'WebhookRefused', { status: error.status });
        throw error;
      }
    },
  };
}
