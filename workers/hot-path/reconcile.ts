import type { Broker } from '../../domain/broker/broker';
import type { ReconciledAccount } from '../../domain/execution/engine-types';
import type { InstrumentName } from '../../domain/market';
import type { Database } from '../../infra/db/client';
import { orderTimesSince } from '../../infra/db/queries/orders';
import { accountDailyPnl } from '../../infra/db/queries/trading-day';

export interface StartupState {
  account: ReconciledAccount;
  /** Where the transaction follower starts reading. */
  lastTransactionId: string;
}

/**
 * The account as the engine must know it before it may trade: positions, open trades and balance from the broker,
 * today's realized P/L (counted from the trading day's mark, as every process counts it) and the recent order times
 * (for the rate limit) from Postgres. The summary is read first, so a fill between the reads is seen again by the
 * transaction follower rather than missed.
 */
export async function rebuildStartupState(broker: Broker, db: Database, instruments: readonly InstrumentName[], nowMs: number, orderRateWindowMs: number): Promise<StartupState> {
  const summary = await broker.accountSummary();
  if (summary.currency !== 'USD') throw new Error(`account ${summary.accountId} reports its money in ${summary.currency}; the hot path sizes and limits in USD, so it trades through createTradingBroker`);
  const [positions, daily, recentOrderTimesMs] = await Promise.all([
    broker.openPositions(),
    accountDailyPnl(db, broker.accountId, summary, nowMs, 'hot-path'),
    orderTimesSince(db, broker.accountId, nowMs - orderRateWindowMs),
  ]);
  const traded = new Set(instruments);
  return {
    lastTransactionId: summary.lastTransactionId,
    account: {
      balanceUsd: summary.balance,
      openTradeCount: summary.openTradeCount,
      dailyRealizedPnlUsd: daily.realizedSinceDayStartUsd,
      recentOrderTimesMs,
      positions: positions.filter((position) => traded.has(position.instrument) && position.netUnits !== 0).map((position) => {
        const side = position.netUnits > 0 ? position.long : position.short;
        if (side.averagePriceQuote === undefined) throw new Error(`broker reports ${position.netUnits} units of ${position.instrument} without an average price`);
        return { instrument: position.instrument, units: position.netUnits, averagePriceQuote: side.averagePriceQuote };
      }),
    },
  };
}
