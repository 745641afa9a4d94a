import { Context } from '@temporalio/activity';
import type { Broker, BrokerTransaction } from '../../domain/broker';
import type { DatabaseHandle } from '../../infra/db/client';
import { fillRow, lastRecordedFillId, orderSources, upsertFills, type FillRow, type FillSource } from '../../infra/db/queries/fills';
import { badInput, callBroker } from './broker-failure';

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

export type FillRecordingActivities = ReturnType<typeof createFillRecordingActivities>;

export function createFillRecordingActivities({ database, broker }: FillRecordingDeps) {
  const served = (accountId: string): void => {
    if (accountId !== broker.accountId) throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not served by this worker's broker connection (account ${broker.accountId})`);
  };

  /** fills.source says who placed the order; 'api' orders are the operators' own, recorded with the workflows'. */
  async function rowsOf(accountId: string, transactions: readonly BrokerTransaction[]): Promise<FillRow[]> {
    const known = await orderSources(database.db, transactions.flatMap((t) => (t.type === 'ORDER_FILL' && t.clientOrderId ? [t.clientOrderId] : [])));
    const sourceOf = (clientOrderId: string | undefined): FillSource => {
      const source = clientOrderId === undefined ? undefined : known.get(clientOrderId);
      return source === 'hot_path' ? 'hot_path' : source === undefined ? 'venue' : 'workflow';
    };
    return transactions.map((t) => fillRow(accountId, t, sourceOf(t.clientOrderId))).filter((row): row is FillRow => row !== undefined);
  }

  return {
    /**
     * Where an account's fill record starts: after the last fill already recorded, or, when none is, at the broker's
     * present. Asked once and then carried, so a failed first recording cannot move the start past fills it missed.
     */
    async fillRecordStart({ accountId }: { accountId: string }): Promise<{ transactionId: string }> {
      served(accountId);
      const recorded = await lastRecordedFillId(database.db, accountId);
      return { transactionId: recorded ?? (await callBroker(() => broker.accountSummary())).lastTransactionId };
    },

    /**
     * Brings the fills table up to the broker's transaction log: every fill of the account, with the trade it opened
     * and the trades it closed, whichever path (or the venue itself) placed the order. Each page is written before the
     * next is read, and a retry resumes after the last page written; repeating it records nothing twice.
     */
    async recordAccountFills(input: RecordFillsInput): Promise<RecordedFills> {
      served(input.accountId);
      const context = Context.current();
      let cursor = (context.info.heartbeatDetails as { cursor?: string } | undefined)?.cursor ?? input.afterTransactionId;
      let recorded = 0;
      for (let page = 0; page < MAX_PAGES_PER_CALL; page++) {
        const { transactions, lastTransactionId } = await callBroker(() => broker.transactionsSince(cursor));
        recorded += await upsertFills(database.db, await rowsOf(input.accountId, transactions));
        cursor = transactions.at(-1)?.transactionId ?? cursor;
        context.heartbeat({ cursor });
        if (transactions.length === 0 || cursor === lastTransactionId) break;
      }
      return { throughTransactionId: cursor, recorded };
    },
  };
}
