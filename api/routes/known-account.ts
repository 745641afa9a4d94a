import type { Database } from '../../infra/db/client';
import { accountExists } from '../../infra/db/queries/accounts';
import { HttpError } from '../http-error';

/** The 404 of every route given an account the registry does not hold. */
export const unknownAccount = (accountId: string): HttpError => new HttpError(404, `no account ${accountId}: the product trades only the accounts in its registry`);

/** An account the product does not know is a 404 before anything is started or written for it. */
export async function knownAccount(db: Database, accountId: string): Promise<void> {
  if (!(await accountExists(db, accountId))) throw unknownAccount(accountId);
}
