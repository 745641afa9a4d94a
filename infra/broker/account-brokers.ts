import type { Broker } from '../../domain/broker';
import { createTradingBroker, type BrokerOptions } from './create-broker';
import type { VenueConfig } from './venue-config';

/** One broker connection per account the deployment trades, found by account id. */
export interface AccountBrokers {
  /** The account's connection; undefined when this deployment does not trade it. */
  find(accountId: string): Broker | undefined;
  /** The default account's connection, which market data (the same for every account) goes through. */
  readonly market: Broker;
  readonly accountIds: readonly string[];
  close(): void;
}

/** The accounts' connections, the first being the default one. */
export function accountBrokers(brokers: readonly (Broker & { close?(): void })[]): AccountBrokers {
  if (brokers.length === 0) throw new Error('a deployment trades at least one account');
  const byId = new Map(brokers.map((broker) => [broker.accountId, broker]));
  return {
    find: (accountId) => byId.get(accountId),
    market: brokers[0]!,
    accountIds: brokers.map((broker) => broker.accountId),
    close: () => brokers.forEach((broker) => broker.close?.()),
  };
}

/** A connection for every configured account, each with its own token and the options `optionsFor` gives it (its REST budget). */
export function createAccountBrokers(config: VenueConfig, optionsFor: (accountId: string) => BrokerOptions = () => ({})): AccountBrokers {
  return accountBrokers(config.accounts.map((account) => createTradingBroker({ ...config, accountId: account.id, token: account.token }, optionsFor(account.id))));
}
