import { NOTIFICATION_KINDS } from '../../../../domain/notifications/notification';
import { verifyWebhookSignature, webhookSignature } from '../../../../infra/notifications/webhook-signature';
import { parseWebhookSinks } from '../../../../infra/notifications/webhook-sinks';

describe('WEBHOOKS', () => {
  it('reads sinks with their secret from the variable each names, every kind when none is listed', () => {
    const { sinks, problems } = parseWebhookSinks({
      WEBHOOKS: JSON.stringify([{ name: 'ops', url: 'https://hooks.example/ops', secretEnv: 'OPS_SECRET' }, { name: 'chat', url: 'http://127.0.0.1:9/chat', events: ['trading_halted'], format: 'slack' }]),
      OPS_SECRET: 's3cret',
    });
    expect(problems).toEqual([]);
    expect(sinks).toEqual([
      { name: 'ops', url: 'https://hooks.example/ops', events: NOTIFICATION_KINDS, format: 'json', secret: 's3cret' },
      { name: 'chat', url: 'http://127.0.0.1:9/chat', events: ['trading_halted'], format: 'slack' },
    ]);
    expect(parseWebhookSinks({})).toEqual({ sinks: [], problems: [] });
  });

  it('names each problem: not JSON, a bad field, an unknown kind, a missing secret, a repeated name', () => {
    expect(parseWebhookSinks({ WEBHOOKS: '[{' }).problems[0]).toMatch(/^WEBHOOKS: not JSON/);
    expect(parseWebhookSinks({ WEBHOOKS: JSON.stringify([{ name: 'ops', url: 'ftp://x', secretEnv: 'S' }]) }).problems).toEqual([expect.stringMatching(/^WEBHOOKS\[0\]\["url"\]: /)]);
    expect(parseWebhookSinks({ WEBHOOKS: JSON.stringify([{ name: 'ops', url: 'https://x', events: ['lunch'], secretEnv: 'S' }]) }).problems).toEqual([expect.stringMatching(/^WEBHOOKS\[0\]\["events"\]/)]);
    expect(parseWebhookSinks({ WEBHOOKS: JSON.stringify([{ name: 'ops', url: 'https://x', secretEnv: 'UNSET_SECRET' }]) }).problems)
      .toEqual(['WEBHOOKS: sink ops names UNSET_SECRET for its secret, which is not set']);
    expect(parseWebhookSinks({ WEBHOOKS: JSON.stringify([{ name: 'ops', url: 'https://x' }]) }).problems)
      .toEqual(['WEBHOOKS: sink ops needs secretEnv, the variable holding the key its deliveries are signed with']);
    expect(parseWebhookSinks({ WEBHOOKS: JSON.stringify([{ name: 'a', url: 'https://x', format: 'slack' }, { name: 'a', url: 'https://y', format: 'slack' }]) }).problems)
      .toEqual(['WEBHOOKS: sink names must be unique']);
  });
});

describe('webhook signatures', () => {
  const body = '{"kind":"trading_halted"}';
  const signature = webhookSignature('key', 1_800_000_000, body);

  it('is HMAC-SHA256 over the timestamp and the body', () => {
    // openssl: printf '1800000000.{"kind":"trading_halted"}' | openssl dgst -sha256 -hmac key
    expect(signature).toBe('sha256=df7c3887fe464cb1b1f129a839cdafecc8e6059fc684ddbc12434fa6560bb0cf');
    expect(verifyWebhookSignature('key', { timestamp: '1800000000', signature }, body, 1_800_000_010)).toBe(true);
  });

  it('fails for another key, another body, or a timestamp outside the tolerance', () => {
    expect(verifyWebhookSignature('other', { timestamp: '1800000000', signature }, body, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature('key', { timestamp: '1800000000', signature }, `${body} `, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature('key', { timestamp: '1800000000', signature }, body, 1_800_000_301)).toBe(false);
    expect(verifyWebhookSignature('key', { timestamp: 'soon', signature }, body, 1_800_000_000)).toBe(false);
  });
});
