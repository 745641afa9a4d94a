import { inHomeCurrency } from '../../domain/broker';
import type { AccountBrokers } from '../broker/account-brokers';
import type { VenueAccount, VenueConfig } from '../broker/venue-config';
import type { Database } from '../db/client';
import { recordConfiguredAccount } from '../db/queries/accounts';

/**
 * Writes one configured account into the registry as the broker reports it (its own currency, and balance in it for a
 * new account), so every process and the api know it before anything trades it.
 */
export async function recordAccountAtBroker(db: Database, venue: VenueConfig['venue'], account: VenueAccount, brokers: AccountBrokers): Promise<{ currency: string; balance: number }> {
  const broker = brokers.find(account.id);
  if (!broker) throw new Error(`account ${account.id} has no broker connection`);
  const { currency, balance } = inHomeCurrency(await broker.accountSummary());
  await recordConfiguredAccount(db, {
    id: account.id, venue, ...(account.alias ? { alias: account.alias } : {}), credential: account.credential, limits: account.limits, currency, balance,
  });
  return { currency, balance };
}
