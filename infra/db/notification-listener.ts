import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Logger } from '../logging';

const RECONNECT_DELAY_MS = 1_000;

export interface NotificationListener {
  connectionString: string;
  channels: readonly string[];
  /** Names the connection in pg_stat_activity. */
  applicationName: string;
  onNotification(channel: string, payload: string | undefined): void;
  /** After each (re)connect, once LISTENing: a notification may have been missed while the connection was down. */
  onListening?(): Promise<void>;
  logger: Logger;
}

/**
 * LISTENs on the channels over a dedicated connection (a pooled one would lose the LISTEN), reconnecting a second
 * after it drops, until the signal aborts.
 */
export async function listenForNotifications(listener: NotificationListener, signal: AbortSignal): Promise<void> {
  const { channels, logger } = listener;
  while (!signal.aborted) {
    const client = new Client({ connectionString: listener.connectionString, application_name: listener.applicationName });
    const ended = new Promise<void>((resolve) => {
      client.once('end', resolve);
      client.on('error', (error) => {
        logger.warn({ err: error, channels }, 'notification listener connection failed');
        resolve();
      });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    client.on('notification', (message) => listener.onNotification(message.channel, message.payload));
    try {
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      logger.info({ channels }, 'listening for notifications');
      await listener.onListening?.();
      await ended;
    } catch (error) {
      logger.warn({ err: error, channels }, 'notification listener could not connect; trying again');
    } finally {
      await client.end().catch(() => undefined);
    }
    if (!signal.aborted) await sleep(RECONNECT_DELAY_MS, undefined, { signal }).catch(() => undefined);
  }
}
