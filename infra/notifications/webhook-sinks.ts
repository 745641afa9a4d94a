import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notifications/notification';

/** Where notifications go: a receiver's URL, the kinds it wants, its body format, and the secret that signs for it. */
export interface WebhookSink {
  name: string;
  url: string;
  events: readonly NotificationKind[];
  /** json: the notification itself; slack: `{ "text": ... }` for a Slack incoming webhook (or anything that takes that form). */
  format: 'json' | 'slack';
  /** HMAC-SHA256 key, read from the environment variable the sink names (never written in WEBHOOKS itself). */
  secret?: string;
}

const sinkSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a short name: lower-case letters, digits, - or _'),
  url: z.url({ protocol: /^https?$/ }),
  events: z.union([z.literal('*'), z.array(z.enum(NOTIFICATION_KINDS)).min(1)]).default('*'),
  format: z.enum(['json', 'slack']).default('json'),
  secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable').optional(),
});
const sinksSchema = z.array(sinkSchema).refine((sinks) => new Set(sinks.map((sink) => sink.name)).size === sinks.length, 'sink names must be unique');

/**
 * WEBHOOKS: a JSON list of sinks, e.g.
 * `[{"name":"ops","url":"https://hooks.example/ops","events":["breaker_tripped","approval_needed"],"secretEnv":"WEBHOOK_SECRET_OPS"}]`.
 * A json sink must name a secret (its receiver checks the signature); a slack sink may. Each problem names the sink.
 */
export function parseWebhookSinks(env: NodeJS.ProcessEnv): { sinks: WebhookSink[]; problems: string[] } {
  const raw = env.WEBHOOKS;
  if (raw === undefined || raw.trim() === '') return { sinks: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { sinks: [], problems: [`WEBHOOKS: not JSON (${(error as Error).message})`] };
  }
  const parsed = sinksSchema.safeParse(json);
  if (!parsed.success) {
    return { sinks: [], problems: parsed.error.issues.map((issue) => `WEBHOOKS${issue.path.map((part) => `[${JSON.stringify(part)}]`).join('')}: ${issue.message}`) };
  }
  const problems: string[] = [];
  const sinks = parsed.data.map((sink): WebhookSink => {
    const secret = sink.secretEnv ? env[sink.secretEnv] : undefined;
    if (sink.secretEnv && !secret) problems.push(`WEBHOOKS: sink ${sink.name} names ${sink.secretEnv} for its secret, which is not set`);
    if (!sink.secretEnv && sink.format === 'json') problems.push(`WEBHOOKS: sink ${sink.name} needs secretEnv, the variable holding the key its deliveries are signed with`);
    return { name: sink.name, url: sink.url, events: sink.events === '*' ? NOTIFICATION_KINDS : sink.events, format: sink.format, ...(secret ? { secret } : {}) };
  });
  return { sinks, problems };
}
