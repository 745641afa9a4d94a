import { registryFigures } from '../../domain/broker';
import type { AccountBrokers } from '../broker/account-brokers';
import type { VenueAccount, VenueConfig } from '../broker/venue-config';
import type { Database } from '../db/client';
import { recordConfiguredAccount } from '../db/queries/accounts';

/**
 * Writes one configured account into the registry as the broker reports it (its own currency, and its balance for a
 * new account), so every process and the api know it before anything trades it. Answers both in the account's currency.
 */
export async function recordAccountAtBroker(db: Database, venue: VenueConfig['venue'], account: VenueAccount, brokers: AccountBrokers): Promise<{ currency: string; balance: number }> {
  const broker = brokers.find(account.id);
  if (!broker) throw new Error(`account ${account.id} has no broker connection`);
  const summary = await broker.accountSummary();
  const { currency, balanceUsd } = registryFigures(summary);
  await recordConfiguredAccount(db, {
    id: account.id, venue, ...(account.alias ? { alias: account.alias } : {}), credential: account.credential, limits: account.limits, currency, balanceUsd,
  });
  return { currency, balance: summary.home?.balance ?? summary.balance };
}
