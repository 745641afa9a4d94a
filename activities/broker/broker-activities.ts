import { eq } from 'drizzle-orm';
import type { Broker } from '../../domain/broker';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { accounts } from '../../infra/db/schema';
import { accountSnapshot } from './account-snapshot';
import { badInput } from './broker-failure';
import { placeOrder, type PlaceOrderInput } from './place-order';
import { reconcilePositions, type ReconcileInput } from './reconcile-positions';

export type { AccountSnapshotResult } from './account-snapshot';
export type { PlaceOrderInput } from './place-order';
export type { ReconcileInput, ReconcileResult } from './reconcile-positions';

export interface BrokerActivityDeps {
  database: DatabaseHandle;
  broker: Broker;
  clock: () => number;
}

export type BrokerActivities = ReturnType<typeof createBrokerActivities>;

/** The trading workflows' activities that talk to the broker, on the rate-limited broker task queue; each refuses an account it cannot trade. */
export function createBrokerActivities({ database, broker, clock }: BrokerActivityDeps) {
  /** Trading an account the product does not know, or that this worker's broker connection does not serve, is refused. */
  async function assertTradableAccount(accountId: string): Promise<void> {
    if (accountId !== broker.accountId) {
      throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not served by this worker's broker connection (account ${broker.accountId})`);
    }
    const [known] = await database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (!known) throw badInput('UNKNOWN_ACCOUNT', `account ${accountId} is not in the accounts table; add it before trading it`);
  }

  return {
    async accountSnapshot(input: { accountId: string; instruments: InstrumentName[] }) {
      await assertTradableAccount(input.accountId);
      return accountSnapshot(database, broker, clock, input);
    },
    placeOrder: (input: PlaceOrderInput) => placeOrder(database, broker, input),
    reconcilePositions: (input: ReconcileInput) => reconcilePositions(database, broker, input),
  };
}
