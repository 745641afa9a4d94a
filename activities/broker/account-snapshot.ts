import type { Broker } from '../../domain/broker';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { accountDailyPnl } from '../../infra/db/queries/trading-day';
import { callBroker } from './broker-failure';
import { instrumentsWithUsdConversions } from './usd-conversion-pairs';

export interface AccountSnapshotResult {
  accountId: string;
  navUsd: number;
  unrealizedPlUsd: number;
  /** Realized plus unrealized P/L since the trading day began, counted as every process counts it (domain/risk/daily-pnl). */
  dailyPnlUsd: number;
  marginAvailableUsd: number;
  openTradeCount: number;
  lastTransactionId: string;
  /** Signed net units of every open position. */
  positions: Record<InstrumentName, number>;
  pricesMid: Record<InstrumentName, number>;
  /** timeMs: when the venue made the price (absent in runs recorded before it was kept). */
  quotes: Record<InstrumentName, { bid: number; ask: number; tradeable: boolean; timeMs?: number }>;
}

/** The account as a workflow decides on it: NAV, the day's P/L, positions and the prices that value them. */
export async function accountSnapshot(database: DatabaseHandle, broker: Broker, clock: () => number, input: { accountId: string; instruments: InstrumentName[] }): Promise<AccountSnapshotResult> {
  const [summary, open] = await callBroker(() => Promise.all([broker.accountSummary(), broker.openPositions()]));
  const positions = Object.fromEntries(open.filter((p) => p.netUnits !== 0).map((p) => [p.instrument, p.netUnits]));
  const priced = instrumentsWithUsdConversions([...new Set([...input.instruments, ...Object.keys(positions)])]);
  const [quotes, daily] = await Promise.all([
    callBroker(() => broker.prices(priced)),
    accountDailyPnl(database.db, input.accountId, summary, clock(), 'workflow'),
  ]);
  return {
    accountId: input.accountId,
    navUsd: summary.nav,
    unrealizedPlUsd: summary.unrealizedPl,
    dailyPnlUsd: daily.dailyPnlUsd,
    marginAvailableUsd: summary.marginAvailable,
    openTradeCount: summary.openTradeCount,
    lastTransactionId: summary.lastTransactionId,
    positions,
    pricesMid: Object.fromEntries(quotes.map((q) => [q.instrument, (q.bid + q.ask) / 2])),
    quotes: Object.fromEntries(quotes.map((q) => [q.instrument, { bid: q.bid, ask: q.ask, tradeable: q.tradeable, timeMs: q.timeMs }])),
  };
}
