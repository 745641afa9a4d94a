import { eq } from 'drizzle-orm';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { accounts } from '../../infra/db/schema';
import { accountSnapshot } from './account-snapshot';
import type { AccountBrokers } from '../../infra/broker/account-brokers';
import { brokerFor } from './account-broker';
import { badInput } from './broker-failure';
import { placeOrder, type PlaceOrderInput } from './place-order';
import { reconcilePositions, type ReconcileInput } from './reconcile-positions';

export type { AccountSnapshotResult } from './account-snapshot';
export type { PlaceOrderInput } from './place-order';
export type { ReconcileInput, ReconcileResult } from './reconcile-positions';

export interface BrokerActivityDeps {
  database: DatabaseHandle;
  brokers: AccountBrokers;
  clock: () => number;
}

export type BrokerActivities = ReturnType<typeof createBrokerActivities>;

/** The trading workflows' activities that talk to the broker, on the rate-limited broker task queue; each refuses an account it cannot trade. */
export function createBrokerActivities({ database, brokers, clock }: BrokerActivityDeps) {
  /** Trading an account the product does not know, or that this deployment does not trade, is refused. */
  async function tradableAccount(accountId: string) {
    const broker = brokerFor(brokers, accountId);
    const [known] = await database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (!known) throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not in the accounts table; add it before trading it`);
    return broker;
  }

  return {
    async accountSnapshot(input: { accountId: string; instruments: InstrumentName[] }) {
      return accountSnapshot(database, await tradableAccount(input.accountId), clock, input);
    },
    placeOrder: (input: PlaceOrderInput) => placeOrder(database, brokerFor(brokers, input.accountId), input),
    reconcilePositions: (input: ReconcileInput) => reconcilePositions(database, brokerFor(brokers, input.accountId), input),
  };
}
