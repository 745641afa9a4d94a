import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../infra/db/client';
import { listHotPathStatus } from '../../infra/db/queries/hot-path-status';
import type { Logger } from '../../infra/logging';
import { HOT_PATH_STALE_AFTER_MS } from '../routes/hot-path';
import type { EventHub } from './event-hub';

/** Each hot path publishes its status every 2 s by default: reading at the same pace misses no change an operator sees. */
const READ_EVERY_MS = 2_000;

interface PublishedInstrument {
  instrument: string;
  positionUnits?: number;
  paramsVersion?: string;
  warmupBarsLeft?: number;
  lastDecision?: unknown;
  lastRejection?: unknown;
}

/**
 * `hot_path` stream events: one for an instrument of a hot path when what an operator watches changes (running or not,
 * position, parameter version, warm-up, last decision or rejection). One read of hot_path_status for the whole api
 * process, whatever the number of clients; a status written again unchanged publishes nothing.
 */
export async function feedHotPathStatus({ db, hub, logger }: { db: Database; hub: EventHub; logger: Logger }, signal: AbortSignal): Promise<void> {
  const published = new Map<string, string>();
  while (!signal.aborted) {
    try {
      for (const row of await listHotPathStatus(db)) {
        const instruments = ((row.status as { instruments?: PublishedInstrument[] }).instruments ?? []);
        for (const instrument of instruments) {
          const event = {
            processKey: row.processKey, accountId: row.accountId, instrument: instrument.instrument, running: row.ageMs <= HOT_PATH_STALE_AFTER_MS,
            positionUnits: instrument.positionUnits ?? null, paramsVersion: instrument.paramsVersion ?? null, warmupBarsLeft: instrument.warmupBarsLeft ?? null,
            lastDecision: instrument.lastDecision ?? null, lastRejection: instrument.lastRejection ?? null,
          };
          const key = `${row.processKey}/${instrument.instrument}`;
          const fingerprint = JSON.stringify(event);
          if (published.get(key) === fingerprint) continue;
          published.set(key, fingerprint);
          hub.publish('hot_path', event);
        }
      }
    } catch (error) {
      logger.warn({ err: error }, 'could not read the hot paths\' status for the stream');
    }
    await sleep(READ_EVERY_MS, undefined, { signal }).catch(() => undefined);
  }
}
