import type { AppConfig } from '../../infra/config';
import type { Database } from '../../infra/db/client';
import { accountExists } from '../../infra/db/queries/accounts';
import { HttpError } from '../http-error';

/** The 404 of every route given an account the registry does not hold. */
export const unknownAccount = (accountId: string): HttpError => new HttpError(404, `no account ${accountId}: the product trades only the accounts in its registry`);

/** An account the product does not know is a 404 before anything is started or written for it. */
export async function knownAccount(db: Database, accountId: string): Promise<void> {
  if (!(await accountExists(db, accountId))) throw unknownAccount(accountId);
}

/**
 * A route that starts trading work for an account also needs the account to be one this deployment trades (in its
 * broker configuration): otherwise the workflow would start only to fail.
 */
export async function tradedAccount(db: Database, config: Pick<AppConfig, 'broker'>, accountId: string): Promise<void> {
  await knownAccount(db, accountId);
  if (!config.broker.accounts.some((account) => account.id === accountId)) {
    throw new HttpError(404, `account ${accountId} is in the registry but not traded by this deployment, which trades ${config.broker.accounts.map((account) => account.id).join(', ')}`);
  }
}
