import type { Broker } from '../../domain/broker/broker';
import type { ReconciledAccount } from '../../domain/execution/engine-types';
import type { InstrumentName } from '../../domain/market';
import type { Database } from '../../infra/db/client';
import { realizedPnlSince } from '../../infra/db/queries/hot-path';
import { orderTimesSince } from '../../infra/db/queries/orders';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface StartupState {
  account: ReconciledAccount;
  /** Where the transaction follower starts reading. */
  lastTransactionId: string;
}

/** Start of the trading day holding `nowMs`, as the engine counts it (21:00 UTC by default). */
export function tradingDayStartMs(nowMs: number, startUtcHour = 21): number {
  const offsetMs = startUtcHour * HOUR_MS;
  return Math.floor((nowMs - offsetMs) / DAY_MS) * DAY_MS + offsetMs;
}

/**
 * The account as the engine must know it before it may trade: positions, open trades and balance from the broker,
 * today's realized P/L and the recent order times (for the rate limit) from Postgres. The summary is read first, so
 * a fill between the reads is seen again by the transaction follower rather than missed.
 */
export async function rebuildStartupState(broker: Broker, db: Database, instruments: readonly InstrumentName[], nowMs: number, orderRateWindowMs: number): Promise<StartupState> {
  const summary = await broker.accountSummary();
  if (summary.currency !== 'USD') throw new Error(`account ${summary.accountId} is in ${summary.currency}; the hot path sizes and limits in USD only`);
  const [positions, dailyRealizedPnlUsd, recentOrderTimesMs] = await Promise.all([
    broker.openPositions(),
    realizedPnlSince(db, broker.accountId, tradingDayStartMs(nowMs)),
    orderTimesSince(db, broker.accountId, nowMs - orderRateWindowMs),
  ]);
  const traded = new Set(instruments);
  return {
    lastTransactionId: summary.lastTransactionId,
    account: {
      balanceUsd: summary.balance,
      openTradeCount: summary.openTradeCount,
      dailyRealizedPnlUsd,
      recentOrderTimesMs,
      positions: positions.filter((position) => traded.has(position.instrument) && position.netUnits !== 0).map((position) => {
        const side = position.netUnits > 0 ? position.long : position.short;
        if (side.averagePriceQuote === undefined) throw new Error(`broker reports ${position.netUnits} units of ${position.instrument} without an average price`);
        return { instrument: position.instrument, units: position.netUnits, averagePriceQuote: side.averagePriceQuote };
      }),
    },
  };
}
