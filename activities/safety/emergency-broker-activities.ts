import { isBrokerError, type Broker } from '../../domain/broker';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { updateOrderResult } from '../../infra/db/queries/orders';
import type { CancelledOrder } from '../../workflows/definitions/emergency-stop-report';
import { badInput, brokerFailure, callBroker } from '../broker/broker-failure';

export interface EmergencyBrokerActivityDeps {
  database: DatabaseHandle;
  broker: Broker;
}

/** An account the stop acts on; absent means every account this worker's broker connection serves (a system stop). */
export interface BrokerAccountInput {
  accountId?: string;
}

export interface BrokerExposure {
  /** Signed net units of every open position. */
  positionUnits: Partial<Record<InstrumentName, number>>;
  pendingEntryOrders: number;
}

export type EmergencyBrokerActivities = ReturnType<typeof createEmergencyBrokerActivities>;

/**
 * What an emergency stop asks of the broker. Every call is safe to repeat: cancelling a cancelled order and closing a
 * flat side both succeed, so a worker killed mid-way simply runs the activity again.
 */
export function createEmergencyBrokerActivities({ database, broker }: EmergencyBrokerActivityDeps) {
  function assertServed(input: BrokerAccountInput): void {
    if (input.accountId !== undefined && input.accountId !== broker.accountId) {
      throw badInput('UNKNOWN_ACCOUNT', `account ${input.accountId} is not served by this worker's broker connection (account ${broker.accountId})`);
    }
  }

  // Orders attached to a trade (stop-loss, take-profit) protect an open position: they go only with the position.
  const entryOrders = async () => (await callBroker(() => broker.pendingOrders())).filter((order) => order.state === 'PENDING' && !order.tradeId);

  return {
    async cancelEntryOrders(input: BrokerAccountInput): Promise<CancelledOrder[]> {
      assertServed(input);
      const cancelled: CancelledOrder[] = [];
      for (const order of await entryOrders()) {
        const described = { orderId: order.orderId, clientOrderId: order.clientOrderId, instrument: order.instrument, units: order.units };
        try {
          await broker.cancelOrder({ orderId: order.orderId });
        } catch (error) {
          if (isBrokerError(error) && error.code === 'ORDER_ALREADY_FILLED') {
            cancelled.push({ ...described, outcome: 'already_filled' });
            continue;
          }
          throw brokerFailure(error);
        }
        if (order.clientOrderId) await updateOrderResult(database.db, order.clientOrderId, { status: 'cancelled', rejectReason: 'EMERGENCY_STOP' });
        cancelled.push({ ...described, outcome: 'cancelled' });
      }
      return cancelled;
    },

    /** Closes both sides of every open position; returns the signed units each close traded. */
    async closeAllPositions(input: BrokerAccountInput): Promise<Partial<Record<InstrumentName, number>>> {
      assertServed(input);
      const closed: Partial<Record<InstrumentName, number>> = {};
      for (const position of await callBroker(() => broker.openPositions())) {
        if (position.long.units === 0 && position.short.units === 0) continue;
        const result = await callBroker(() => broker.closePosition({
          instrument: position.instrument,
          longUnits: position.long.units !== 0 ? 'ALL' : undefined,
          shortUnits: position.short.units !== 0 ? 'ALL' : undefined,
        }));
        closed[position.instrument] = result.closedUnits;
      }
      return closed;
    },

    async brokerExposure(input: BrokerAccountInput): Promise<BrokerExposure> {
      assertServed(input);
      const [positions, pending] = await Promise.all([callBroker(() => broker.openPositions()), entryOrders()]);
      const open = positions.filter((position) => position.netUnits !== 0 || position.long.units !== 0 || position.short.units !== 0);
      return { positionUnits: Object.fromEntries(open.map((position) => [position.instrument, position.netUnits])), pendingEntryOrders: pending.length };
    },
  };
}
