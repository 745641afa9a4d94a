import { setTimeout as sleep } from 'node:timers/promises';
import { listenForNotifications } from '../../infra/db/notification-listener';
import type { Logger } from '../../infra/logging';

export const CONTROL_CHANNELS = ['strategy_params_activated', 'trading_state_changed'] as const;
export type ControlChannel = (typeof CONTROL_CHANNELS)[number];

/**
 * LISTENs on the control channels over a dedicated connection (a pooled one would lose the LISTEN), reconnecting
 * when it drops, and polls as the fallback: `refresh(channel)` re-reads the state from Postgres on every
 * notification, on every (re)connect (a notification may have been missed while down) and every `pollIntervalMs`.
 * The tables are the truth; a payload may only make the hot path stricter before it has read them.
 */
export class ControlListener {
  constructor(
    private readonly connectionString: string,
    /** `payload` is the notification's, when a notification is the reason; the tables stay the truth. */
    private readonly refresh: (channel: ControlChannel, payload?: string) => Promise<void>,
    private readonly pollIntervalMs: number,
    private readonly logger: Logger,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.listen(signal), this.poll(signal)]);
  }

  private async refreshAll(): Promise<void> {
    for (const channel of CONTROL_CHANNELS) {
      try {
        await this.refresh(channel);
      } catch (error) {
        this.logger.error({ err: error, channel }, 'could not re-read control state from Postgres');
      }
    }
  }

  private async poll(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.pollIntervalMs, undefined, { signal }).catch(() => undefined);
      if (!signal.aborted) await this.refreshAll();
    }
  }

  private listen(signal: AbortSignal): Promise<void> {
    return listenForNotifications({
      connectionString: this.connectionString,
      channels: CONTROL_CHANNELS,
      applicationName: 'hot-path-listener',
      onNotification: (channel, payload) => {
        this.refresh(channel as ControlChannel, payload).catch((error: unknown) => this.logger.error({ err: error, channel }, 'could not apply a control notification'));
      },
      onListening: () => this.refreshAll(),
      logger: this.logger,
    }, signal);
  }
}
