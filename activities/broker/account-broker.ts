import type { Broker } from '../../domain/broker';
import type { AccountBrokers } from '../../infra/broker/account-brokers';
import { badInput } from './broker-failure';

/** The account's broker connection; an account this deployment does not trade is refused, not retried. */
export function brokerFor(brokers: AccountBrokers, accountId: string): Broker {
  const broker = brokers.find(accountId);
  if (!broker) throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not traded by this deployment, which trades ${brokers.accountIds.join(', ')}`);
  return broker;
}
