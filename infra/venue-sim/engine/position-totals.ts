import type { SimInstrumentName } from '../market/instruments';
import type { AccountRecord, PositionSideTotals } from './account-state';

/** The running realized P/L and financing of one side of a position, created on first use. */
export function sideTotals(account: AccountRecord, instrument: SimInstrumentName, long: boolean): PositionSideTotals {
  const totals = (account.positionTotals[instrument] ??= { long: { plUsd: 0, financingUsd: 0 }, short: { plUsd: 0, financingUsd: 0 } });
  return long ? totals.long : totals.short;
}
