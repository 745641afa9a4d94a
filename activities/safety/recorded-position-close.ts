import { isBrokerError, type Broker } from '../../domain/broker';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { fillRow, upsertFills } from '../../infra/db/queries/fills';
import { findOrderByClientOrderId, insertSubmittingOrder, updateOrderResult } from '../../infra/db/queries/orders';
import { settleOrder } from '../../infra/reconciliation/settle-order';
import { callBroker } from '../broker/broker-failure';

export interface PositionSideClose {
  clientOrderId: string;
  accountId: string;
  instrument: InstrumentName;
  side: 'long' | 'short';
  /** Signed units the close is expected to trade: the side's units, negated. */
  units: number;
  lastKnownTransactionId: string;
  workflowId: string;
  runId: string;
}

/**
 * Closes all of one side of a position as a recorded order: the row first, then the close under the row's client
 * id, then the row (and the fill) brought up to the venue's answer. Run again with the same id, it settles what an
 * earlier attempt left instead of closing blind: a close the venue has is only recorded; one it never received is
 * sent again, which can only close what is still open. Returns the signed units this attempt's close traded (0 when
 * the market is closed: the venue cancels the close MARKET_HALTED).
 */
export function recordedPositionClose(database: DatabaseHandle, broker: Broker) {
  return async (close: PositionSideClose): Promise<number> => {
    const earlier = await findOrderByClientOrderId(database.db, close.clientOrderId);
    // Settled by an earlier attempt of this activity: what is open now opened since, and the next close attempt takes it.
    if (earlier && earlier.status !== 'submitting') return earlier.filledUnits ?? 0;
    if (earlier) {
      const settled = await callBroker(() => settleOrder(broker, earlier, 'POSITION_CLOSE_NEVER_REACHED_THE_VENUE'));
      if (settled.status !== 'cancelled') {
        await updateOrderResult(database.db, close.clientOrderId, settled);
        return settled.filledUnits ?? 0;
      }
    } else {
      await insertSubmittingOrder(database.db, {
        clientOrderId: close.clientOrderId, accountId: close.accountId, instrument: close.instrument, units: close.units, type: 'MARKET',
        source: 'emergency_stop', workflowId: close.workflowId, runId: close.runId, lastKnownTransactionId: close.lastKnownTransactionId,
        details: { purpose: 'close', side: close.side },
      });
    }
    const result = await callBroker(async () => {
      try {
        return await broker.closePosition({ instrument: close.instrument, [`${close.side}Units`]: 'ALL', clientOrderId: close.clientOrderId });
      } catch (error) {
        if (isBrokerError(error) && error.code === 'MARKET_HALTED') return undefined;
        throw error;
      }
    });
    // The market is closed: the venue cancelled the close, and the stop closes again once it opens.
    if (!result) {
      await updateOrderResult(database.db, close.clientOrderId, { status: 'cancelled', rejectReason: 'MARKET_HALTED' });
      return 0;
    }
    const [fill] = result.fills;
    if (!fill?.orderId) {
      await updateOrderResult(database.db, close.clientOrderId, { status: 'cancelled', rejectReason: 'POSITION_ALREADY_FLAT' });
      return 0;
    }
    await upsertFills(database.db, result.fills.flatMap((transaction) => fillRow(close.accountId, transaction, 'workflow') ?? []));
    await updateOrderResult(database.db, close.clientOrderId, { status: 'filled', brokerOrderId: fill.orderId, filledUnits: result.closedUnits, fillPrice: fill.priceQuote });
    return result.closedUnits;
  };
}
