import { Context } from '@temporalio/activity';
import type { Broker, BrokerTransaction } from '../../domain/broker';
import type { DatabaseHandle } from '../../infra/db/client';
import { fillRow, lastRecordedFillId, orderOrigins, upsertFills, type FillRow, type FillSource } from '../../infra/db/queries/fills';
import type { AccountBrokers } from '../../infra/broker/account-brokers';
import { brokerFor } from './account-broker';
import { callBroker } from './broker-failure';

export interface FillRecordingDeps {
  database: DatabaseHandle;
  broker: Broker;
}

export interface RecordFillsInput {
  accountId: string;
  /** The last transaction already read: recording carries on after it. */
  afterTransactionId: string;
}

export interface RecordedFills {
  /** The last transaction read: where the next call starts. */
  throughTransactionId: string;
  /** Fills new to Postgres (the hot path may have recorded some already). */
  recorded: number;
}

/** Pages read per call, so one call stays short; the next call carries on from where this one stopped. */
const MAX_PAGES_PER_CALL = 20;

export interface FillPages {
  /** The last transaction read. */
  throughTransactionId: string;
  recorded: number;
  /** The broker's last transaction when the last page was read: reading stopped short of it when the page limit came first. */
  lastTransactionId: string;
}

/** fills.source says who placed the order; 'api' orders are the operators' own, recorded with the workflows'. */
async function rowsOf(database: DatabaseHandle, accountId: string, transactions: readonly BrokerTransaction[]): Promise<FillRow[]> {
  const known = await orderOrigins(database.db, transactions.flatMap((t) => (t.type === 'ORDER_FILL' && t.clientOrderId ? [t.clientOrderId] : [])));
  const sourceOf = (clientOrderId: string | undefined): FillSource => {
    const source = clientOrderId === undefined ? undefined : known.get(clientOrderId)?.source;
    return source === 'hot_path' ? 'hot_path' : source === undefined ? 'venue' : 'workflow';
  };
  return transactions.map((t) => fillRow(accountId, t, sourceOf(t.clientOrderId))).filter((row): row is FillRow => row !== undefined);
}

/**
 * Brings the fills table up to the broker's transaction log from `cursor`: every fill of the account, with the trade
 * it opened and the trades it closed, whichever path (or the venue itself) placed the order. Each page is written
 * before the next is read (and `onPage` told), so repeating it from any page records nothing twice.
 */
export async function recordFillPages(
  { database, broker }: FillRecordingDeps, accountId: string, cursor: string, onPage: (cursor: string) => void = () => undefined,
): Promise<FillPages> {
  let through = cursor;
  let recorded = 0;
  let lastTransactionId = cursor;
  for (let page = 0; page < MAX_PAGES_PER_CALL; page++) {
    const read = await callBroker(() => broker.transactionsSince(through));
    lastTransactionId = read.lastTransactionId;
    recorded += await upsertFills(database.db, await rowsOf(database, accountId, read.transactions));
    through = read.transactions.at(-1)?.transactionId ?? through;
    onPage(through);
    if (read.transactions.length === 0 || through === lastTransactionId) break;
  }
  return { throughTransactionId: through, recorded, lastTransactionId };
}

export type FillRecordingActivities = ReturnType<typeof createFillRecordingActivities>;

export function createFillRecordingActivities({ database, brokers }: { database: DatabaseHandle; brokers: AccountBrokers }) {
  return {
    /**
     * Where an account's fill record starts: after the last fill already recorded, or, when none is, at the broker's
     * present. Asked once and then carried, so a failed first recording cannot move the start past fills it missed.
     */
    async fillRecordStart({ accountId }: { accountId: string }): Promise<{ transactionId: string }> {
      const broker = brokerFor(brokers, accountId);
      const recorded = await lastRecordedFillId(database.db, accountId);
      return { transactionId: recorded ?? (await callBroker(() => broker.accountSummary())).lastTransactionId };
    },

    /** Records the fills after `afterTransactionId` (recordFillPages); a retry resumes after the last page written. */
    async recordAccountFills(input: RecordFillsInput): Promise<RecordedFills> {
      const broker = brokerFor(brokers, input.accountId);
      const context = Context.current();
      const cursor = (context.info.heartbeatDetails as { cursor?: string } | undefined)?.cursor ?? input.afterTransactionId;
      const pages = await recordFillPages({ database, broker }, input.accountId, cursor, (through) => context.heartbeat({ cursor: through }));
      return { throughTransactionId: pages.throughTransactionId, recorded: pages.recorded };
    },
  };
}
