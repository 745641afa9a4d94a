import type { Broker } from '../../domain/broker';
import type { BrokerHoldings } from '../../domain/reconciliation/explain-positions';
import { callBroker } from '../broker/broker-failure';

export interface HoldingsAtTransaction extends BrokerHoldings {
  /** Every transaction up to this one, and none after, is in the positions and trades. */
  lastTransactionId: string;
}

const READ_ATTEMPTS = 3;

/**
 * Positions and open trades as of one broker transaction: read between two summaries, and kept only when no
 * transaction happened in between (ids only grow), so they can be compared with the fills through that transaction.
 * Undefined when the account kept moving on every attempt.
 */
export async function consistentHoldings(broker: Broker): Promise<HoldingsAtTransaction | undefined> {
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    const before = await callBroker(() => broker.accountSummary());
    const [positions, trades] = await callBroker(() => Promise.all([broker.openPositions(), broker.openTrades()]));
    const after = await callBroker(() => broker.accountSummary());
    if (after.lastTransactionId !== before.lastTransactionId) continue;
    return {
      lastTransactionId: before.lastTransactionId,
      positions: Object.fromEntries(positions.filter((position) => position.netUnits !== 0).map((position) => [position.instrument, position.netUnits])),
      trades: trades.map(({ tradeId, instrument, currentUnits, clientTradeId }) => ({ tradeId, instrument, currentUnits, clientTradeId })),
    };
  }
  return undefined;
}
