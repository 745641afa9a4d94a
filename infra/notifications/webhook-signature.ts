import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-trade-orchestrator-timestamp';
export const SIGNATURE_HEADER = 'x-trade-orchestrator-signature';

/**
 * `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>`: a receiver recomputes it with the shared secret, and
 * refuses an old timestamp so a captured delivery cannot be replayed later.
 */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** What a receiver does with the two headers (the tests' receiver uses it; docs/notifications.md shows it). */
export function verifyWebhookSignature(secret: string, headers: { timestamp?: string; signature?: string }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !headers.signature) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
