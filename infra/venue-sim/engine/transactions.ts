import * as format from '../wire/format';
import type { AccountRecord, WireObject } from './account-state';

export const SIM_USER_ID = 1;

/** Groups the transactions one request or one price event creates, as v20's batchID does. */
export class TransactionBatch {
  readonly created: WireObject[] = [];
  private batchId: number | undefined;

  constructor(private readonly account: AccountRecord, readonly timeMs: number, private readonly requestId: string) {}

  /** Appends a transaction of `type` with the next id and returns it; the caller adds nothing after this. */
  add(type: string, fields: WireObject): WireObject {
    const id = ++this.account.lastTransactionId;
    this.batchId ??= id;
    const transaction: WireObject = {
      id: format.id(id),
      time: format.time(this.timeMs),
      userID: SIM_USER_ID,
      accountID: this.account.id,
      batchID: format.id(this.batchId),
      requestID: this.requestId,
      type,
      ...fields,
    };
    this.account.transactions.push(transaction);
    this.created.push(transaction);
    return transaction;
  }

  /** The next id add() will assign (v20 derives order and trade ids from transaction ids). */
  get nextId(): number {
    return this.account.lastTransactionId + 1;
  }

  get relatedTransactionIDs(): string[] {
    return this.created.map((t) => t.id as string);
  }
}
