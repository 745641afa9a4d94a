import type { AccountSnapshot } from '../../domain/risk/pre-trade-checks';
import type { AccountSnapshotResult } from '../broker/account-snapshot';

/** The account as the pre-trade checks see it, from the workflow's snapshot. */
export function accountForChecks(snapshot: AccountSnapshotResult): AccountSnapshot {
  return {
    navUsd: snapshot.navUsd,
    positions: snapshot.positions,
    pricesMid: snapshot.pricesMid,
    openTradeCount: snapshot.openTradeCount,
    dailyPnlUsd: snapshot.dailyPnlUsd,
  };
}
