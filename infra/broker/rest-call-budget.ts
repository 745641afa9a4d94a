import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/client';
import { admitRestCall, forgetRestCallsBefore } from '../db/queries/broker-rest-calls';

/** Reads (GET) and placements (everything that changes the account) have budgets of their own. */
export type RestCallKind = 'read' | 'placement';

export interface RestCallBudget {
  /** Resolves when one more call of this kind fits in the account's budget. */
  acquire(kind: RestCallKind, signal?: AbortSignal): Promise<void>;
}

export interface RestCallBudgetOptions {
  db: Database;
  accountId: string;
  callsPerSecond: Readonly<Record<RestCallKind, number>>;
  /** Told when the budget cannot be read (once, until it can again): calls then go ahead unmetered. */
  onUnavailable?: (error: unknown) => void;
}

/** How long a refused call waits before asking again: the windows it is counted in are tenths of a second. */
const RETRY_MS = 50;
const KEEP_MS = 60_000;

/**
 * The account's REST budget, shared by every process that calls the broker for it: a call is admitted while fewer
 * than the budget were admitted in the last second (counted in Postgres, so bursts up to the budget go at once) and
 * waits otherwise. If Postgres cannot be reached the call goes ahead unmetered (the broker task queue's rate limit
 * still bounds the workers): a database outage must never hold up an emergency stop's closes.
 */
export function postgresRestCallBudget(options: RestCallBudgetOptions): RestCallBudget {
  let lastCleanupMs = 0;
  let unavailable = false;
  return {
    async acquire(kind, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const nowMs = Date.now();
        let admitted: boolean;
        try {
          admitted = await admitRestCall(options.db, options.accountId, kind, options.callsPerSecond[kind]);
          if (nowMs - lastCleanupMs >= KEEP_MS) {
            lastCleanupMs = nowMs;
            await forgetRestCallsBefore(options.db, nowMs - KEEP_MS);
          }
          unavailable = false;
        } catch (error) {
          if (!unavailable) options.onUnavailable?.(error);
          unavailable = true;
          return;
        }
        if (admitted) return;
        // An abort ends the wait; the loop's first line then throws the caller's reason.
        await sleep(RETRY_MS, undefined, { signal }).catch(() => undefined);
      }
    },
  };
}

/** The budget every process of a deployment meters its broker calls with, from its settings. */
export function accountRestCallBudget(
  config: { BROKER_REST_READS_PER_SECOND: number; BROKER_REST_PLACEMENTS_PER_SECOND: number; broker: { accountId: string } },
  db: Database,
  logger: { warn(details: object, message: string): void },
): RestCallBudget {
  return postgresRestCallBudget({
    db,
    accountId: config.broker.accountId,
    callsPerSecond: { read: config.BROKER_REST_READS_PER_SECOND, placement: config.BROKER_REST_PLACEMENTS_PER_SECOND },
    onUnavailable: (error) => logger.warn({ err: error }, 'the REST budget in Postgres cannot be read: broker calls go ahead unmetered until it can'),
  });
}
