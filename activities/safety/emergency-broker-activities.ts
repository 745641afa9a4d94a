import { isBrokerError, type Broker } from '../../domain/broker';
import type { AccountBrokers } from '../../infra/broker/account-brokers';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { updateOrderResult } from '../../infra/db/queries/orders';
import type { CancelledOrder } from '../../workflows/definitions/emergency-stop-report';
import { brokerFor } from '../broker/account-broker';
import { brokerFailure, callBroker } from '../broker/broker-failure';
import { activityExecution } from '../workflow-execution';
import { workflowClientOrderId } from '../../domain/trading/client-order-id';
import { recordedPositionClose } from './recorded-position-close';

export interface EmergencyBrokerActivityDeps {
  database: DatabaseHandle;
  brokers: AccountBrokers;
}

/** The account the stop acts on; absent (system stops started before they stopped each account) means the default account. */
export interface BrokerAccountInput {
  accountId?: string;
}

export interface BrokerExposure {
  /** Signed net units of every open position. */
  positionUnits: Partial<Record<InstrumentName, number>>;
  pendingEntryOrders: number;
  /** Instruments of open positions the venue quotes not tradeable: their closes wait for the open. */
  marketClosed?: InstrumentName[];
}

export type EmergencyBrokerActivities = ReturnType<typeof createEmergencyBrokerActivities>;

/**
 * What an emergency stop asks of the broker. Every call is safe to repeat: cancelling a cancelled order and closing a
 * flat side both succeed, so a worker killed mid-way simply runs the activity again.
 */
export function createEmergencyBrokerActivities({ database, brokers }: EmergencyBrokerActivityDeps) {
  const brokerOf = (input: BrokerAccountInput) => (input.accountId === undefined ? brokers.market : brokerFor(brokers, input.accountId));

  // Orders attached to a trade (stop-loss, take-profit) protect an open position: they go only with the position.
  const entryOrders = async (broker: Broker) => (await callBroker(() => broker.pendingOrders())).filter((order) => order.state === 'PENDING' && !order.tradeId);

  return {
    /** Every account a system stop acts on: each the deployment trades, enabled or not (a disabled account's positions are still at risk). */
    async accountsToStop(): Promise<string[]> {
      return [...brokers.accountIds];
    },

    async cancelEntryOrders(input: BrokerAccountInput): Promise<CancelledOrder[]> {
      const broker = brokerOf(input);
      const cancelled: CancelledOrder[] = [];
      for (const order of await entryOrders(broker)) {
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

    /**
     * Closes both sides of every open position, each close an order of its own: an orders row (source
     * emergency_stop) written before the venue sees it, under a client id tied to this run and activity, so a retry
     * finds what an earlier attempt closed instead of losing its record. Returns the signed units each close traded.
     */
    async closeAllPositions(input: BrokerAccountInput): Promise<Partial<Record<InstrumentName, number>>> {
      const broker = brokerOf(input);
      const closeSide = recordedPositionClose(database, broker);
      const { workflowId, runId, activityId } = activityExecution();
      const [summary, positions] = await callBroker(() => Promise.all([broker.accountSummary(), broker.openPositions()]));
      const closed: Partial<Record<InstrumentName, number>> = {};
      for (const position of positions) {
        for (const side of ['long', 'short'] as const) {
          const sideUnits = position[side].units;
          if (sideUnits === 0) continue;
          const clientOrderId = workflowClientOrderId('es', workflowId, runId, activityId, position.instrument, side);
          const closedUnits = await closeSide({
            clientOrderId, accountId: broker.accountId, instrument: position.instrument, side, units: -sideUnits,
            lastKnownTransactionId: summary.lastTransactionId, workflowId, runId,
          });
          closed[position.instrument] = (closed[position.instrument] ?? 0) + closedUnits;
        }
      }
      return closed;
    },

    async brokerExposure(input: BrokerAccountInput): Promise<BrokerExposure> {
      const broker = brokerOf(input);
      const [positions, pending] = await Promise.all([callBroker(() => broker.openPositions()), entryOrders(broker)]);
      const open = positions.filter((position) => position.netUnits !== 0 || position.long.units !== 0 || position.short.units !== 0);
      // Whether their markets are closed only sets how long the stop waits: a venue that will not price them says nothing.
      const quotes = open.length === 0 ? [] : await broker.prices(open.map((position) => position.instrument)).catch(() => undefined);
      return {
        positionUnits: Object.fromEntries(open.map((position) => [position.instrument, position.netUnits])),
        pendingEntryOrders: pending.length,
        ...(quotes ? { marketClosed: quotes.filter((quote) => !quote.tradeable).map((quote) => quote.instrument) } : {}),
      };
    },
  };
}
