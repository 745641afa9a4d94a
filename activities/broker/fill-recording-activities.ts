import { Context } from '@temporalio/activity';
import type { Broker } from '../../domain/broker';
import type { DatabaseHandle } from '../../infra/db/client';
import { fillRow, insertFills, lastRecordedFillId, orderSources, type FillRow, type FillSource } from '../../infra/db/queries/fills';
import { badInput, callBroker } from './broker-failure';

export interface FillRecordingDeps {
  database: DatabaseHandle;
  broker: Broker;
}

export interface RecordFillsInput {
  accountId: string;
  /** Where the last call stopped; without it, after the last fill already recorded, or from now on. */
  afterTransactionId?: string;
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
  /** fills.source says who placed the order; 'api' orders are the operators' own, recorded with the workflows'. */
  const sourceOf = (clientOrderId: string | undefined, known: Map<string, string>): FillSource => {
    const source = clientOrderId === undefined ? undefined : known.get(clientOrderId);
    return source === 'hot_path' ? 'hot_path' : source === undefined ? 'venue' : 'workflow';
  };

  return {
    /**
     * Brings the fills table up to the broker's transaction log: every fill of the account, with the trade it opened
     * and the trades it closed, whichever path (or the venue itself) placed the order. Repeating it records nothing
     * twice.
     */
    async recordAccountFills(input: RecordFillsInput): Promise<RecordedFills> {
      if (input.accountId !== broker.accountId) throw badInput('UNKNOWN_ACCOUNT', `account ${input.accountId} is not served by this worker's broker connection (account ${broker.accountId})`);
      let cursor = input.afterTransactionId ?? (await lastRecordedFillId(database.db, input.accountId))
        ?? (await callBroker(() => broker.accountSummary())).lastTransactionId;
      const read = [];
      for (let page = 0; page < MAX_PAGES_PER_CALL; page++) {
        const { transactions, lastTransactionId } = await callBroker(() => broker.transactionsSince(cursor));
        read.push(...transactions);
        cursor = transactions.at(-1)?.transactionId ?? cursor;
        Context.current().heartbeat({ cursor });
        if (transactions.length === 0 || cursor === lastTransactionId) break;
      }
      const known = await orderSources(database.db, read.flatMap((t) => (t.clientOrderId ? [t.clientOrderId] : [])));
      const rows = read.map((t) => fillRow(input.accountId, t, sourceOf(t.clientOrderId, known))).filter((row): row is FillRow => row !== undefined);
      return { throughTransactionId: cursor, recorded: await insertFills(database.db, rows) };
    },
  };
}
