import type { SimInstrumentName } from '../market/instruments';
import type { AccountRecord, PositionSideTotals } from './account-state';

/** The running realized P/L and financing of one side of a position, created on first use. */
export function sideTotals(account: AccountRecord, instrument: SimInstrumentName, long: boolean): PositionSideTotals {
  const totals = (account.positionTotals[instrument] ??= { long: { plHome: 0, financingHome: 0 }, short: { plHome: 0, financingHome: 0 } });
  return long ? totals.long : totals.short;
}
