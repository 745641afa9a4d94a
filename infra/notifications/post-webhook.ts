import { slackText, type Notification } from '../../domain/notifications/notification';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature';
import type { WebhookSink } from './webhook-sinks';

/** The receiver said no in a way a retry will not change (a 4xx other than 408 and 429). */
export class WebhookRefusedError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'WebhookRefusedError';
  }
}

/** The body a sink receives: the notification as JSON, or Slack's `{ text }`. The same on every attempt. */
export function webhookBody(sink: WebhookSink, notification: Notification): string {
  return JSON.stringify(sink.format === 'slack' ? { text: slackText(notification) } : notification);
}

/**
 * One delivery attempt: POST the body, signed when the sink has a secret, with the notification's id and kind in
 * headers (a receiver drops a repeated id). 2xx is delivered; anything else throws, a refusal as WebhookRefusedError.
 */
export async function postWebhook(sink: WebhookSink, notification: Notification, { timeoutMs, nowMs }: { timeoutMs: number; nowMs: number }): Promise<{ status: number }> {
  const body = webhookBody(sink, notification);
  const timestamp = Math.floor(nowMs / 1000);
  const response = await fetch(sink.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'trade-orchestrator-webhooks',
      'x-trade-orchestrator-delivery': notification.id,
      'x-trade-orchestrator-event': notification.kind,
      [TIMESTAMP_HEADER]: String(timestamp),
      ...(sink.secret ? { [SIGNATURE_HEADER]: webhookSignature(sink.secret, timestamp, body) } : {}),
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return { status: response.status };
  const message = `${sink.name} answered HTTP ${response.status}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new WebhookRefusedError(response.status, message);
  throw new Error(message);
}
