import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/client';
import { admitRestCall } from '../db/queries/broker-rest-calls';
import type { BrokerOptions } from './create-broker';

/** Reads (GET) and placements (everything that changes the account) have budgets of their own. */
export type RestCallKind = 'read' | 'placement';

export interface RestCallBudget {
  /** Resolves when one more call of this kind fits in the account's budget. */
  acquire(kind: RestCallKind, signal?: AbortSignal): Promise<void>;
}

/** New connections to one broker host, which OANDA limits apart from the calls made over them. */
export interface ConnectionBudget {
  /** Resolves when one more connection may be opened. */
  acquire(): Promise<void>;
}

/** One budget kept in Postgres: `key` names what it meters (an account, a host), `kind` the calls counted apart. */
interface SharedBudget {
  db: Database;
  key: string;
  /** Told when the budget cannot be read (once, until it can again): calls then go ahead unmetered. */
  onUnavailable?: (error: unknown) => void;
}

/** How long a refused call waits before asking again: the windows it is counted in are tenths of a second. */
const RETRY_MS = 50;

/**
 * Waits until Postgres admits one more of `kind` under `perSecond`: a call is admitted while fewer than that were
 * admitted in the last second (counted by every process together, so bursts up to the budget go at once) and waits
 * otherwise. If Postgres cannot be reached the call goes ahead unmetered (the broker task queue's rate limit still
 * bounds the workers): a database outage must never hold up an emergency stop's closes.
 */
function postgresAdmission(budget: SharedBudget): (kind: string, perSecond: number, signal?: AbortSignal) => Promise<void> {
  let unavailable = false;
  return async (kind, perSecond, signal) => {
    for (;;) {
      signal?.throwIfAborted();
      let admitted: boolean;
      try {
        admitted = await admitRestCall(budget.db, budget.key, kind, perSecond);
        unavailable = false;
      } catch (error) {
        if (!unavailable) budget.onUnavailable?.(error);
        unavailable = true;
        return;
      }
      if (admitted) return;
      // An abort ends the wait; the loop's first line then throws the caller's reason.
      await sleep(RETRY_MS, undefined, { signal }).catch(() => undefined);
    }
  };
}

/** The account's REST budget, shared by every process that calls the broker for it. */
export function postgresRestCallBudget(options: Omit<SharedBudget, 'key'> & { accountId: string; callsPerSecond: Readonly<Record<RestCallKind, number>> }): RestCallBudget {
  const admit = postgresAdmission({ ...options, key: options.accountId });
  return { acquire: (kind, signal) => admit(kind, options.callsPerSecond[kind], signal) };
}

/** New connections to `host` (OANDA counts them per client), shared by every process of the deployment. */
export function postgresConnectionBudget(options: Omit<SharedBudget, 'key'> & { host: string; connectionsPerSecond: number }): ConnectionBudget {
  const admit = postgresAdmission({ ...options, key: `host ${options.host}` });
  return { acquire: () => admit('connection', options.connectionsPerSecond) };
}

export interface BrokerBudgetSettings {
  BROKER_REST_READS_PER_SECOND: number;
  BROKER_REST_PLACEMENTS_PER_SECOND: number;
  BROKER_NEW_CONNECTIONS_PER_SECOND: number;
  BROKER_CONNECTIONS_PER_HOST: number;
}

/**
 * The budgets every process of a deployment meters its broker calls and connections with, from its settings: each
 * account has its own REST budget (OANDA counts calls per account), while new connections to a host are counted for
 * every account together.
 */
export function brokerBudgets(config: BrokerBudgetSettings, db: Database, logger: { warn(details: object, message: string): void }): (accountId: string) => BrokerOptions {
  const onUnavailable = (error: unknown): void => logger.warn({ err: error }, 'the broker budgets in Postgres cannot be read: broker calls go ahead unmetered until they can');
  const connectionBudgets = new Map<string, ConnectionBudget>();
  const connectionBudget = (host: string): ConnectionBudget => {
    let budget = connectionBudgets.get(host);
    if (!budget) connectionBudgets.set(host, budget = postgresConnectionBudget({ db, host, connectionsPerSecond: config.BROKER_NEW_CONNECTIONS_PER_SECOND, onUnavailable }));
    return budget;
  };
  return (accountId) => ({
    restBudget: postgresRestCallBudget({
      db,
      accountId,
      callsPerSecond: { read: config.BROKER_REST_READS_PER_SECOND, placement: config.BROKER_REST_PLACEMENTS_PER_SECOND },
      onUnavailable,
    }),
    connectionBudget,
    maxConnectionsPerHost: config.BROKER_CONNECTIONS_PER_HOST,
  });
}
