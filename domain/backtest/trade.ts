import type { Side } from './fill-rule';

export type ExitReason = 'signal' | 'stop-loss' | 'take-profit' | 'end-of-data';

/** One round trip. Indices are bar indices of the series; money is in the account currency. */
export interface Trade {
  direction: Side;
  units: number;
  entryIndex: number;
  entryTimeMs: number;
  entryPrice: number;
  stopPrice: number;
  /** NaN without a take-profit. */
  takeProfitPrice: number;
  exitIndex: number;
  exitTimeMs: number;
  exitPrice: number;
  exitReason: ExitReason;
  /** Bar closes at which the position was open (the exposure metric counts these). */
  barsHeld: number;
  entryNotionalAccount: number;
  exitNotionalAccount: number;
  commissionAccount: number;
  /** Net of commission. */
  profitAccount: number;
}
