import type { InstrumentName } from '../../domain/market';
import type { TradingState } from '../../domain/risk/trading-state';
import { statusQuery, type WorkflowStatus } from './control';

/** An entry order the stop cancelled (attached stop-losses and take-profits stay until their position closes). */
export interface CancelledOrder {
  orderId: string;
  clientOrderId?: string;
  instrument?: InstrumentName;
  units?: number;
  /** 'cancelled', or 'already_filled' when the venue filled it first: the close loop then flattens its position. */
  outcome: 'cancelled' | 'already_filled';
}

export interface CloseAttempt {
  attempt: number;
  /** Signed units each close traded, by instrument. */
  closedUnits: Partial<Record<InstrumentName, number>>;
  /** What the broker still held after the attempt. */
  remainingUnits: Partial<Record<InstrumentName, number>>;
  pendingEntryOrders: number;
  /** Instruments whose market was closed: their closes wait for the open. */
  marketClosed?: InstrumentName[];
}

export type EmergencyStopStage = 'halting' | 'cancelling_orders' | 'closing_positions' | 'waiting_for_market_open' | 'stopping_accounts' | 'done';

export interface EmergencyStopReport {
  scope: string;
  tradingState: TradingState;
  cancelledOrders: CancelledOrder[];
  closeAttempts: CloseAttempt[];
  /** 'flat' once the broker reports no position and no entry order; 'halted' when positions were left open on purpose. */
  outcome: 'flat' | 'halted';
  /** A system stop's: the report of the stop it ran for each account the deployment trades (its own lists stay empty). */
  accounts?: Record<string, EmergencyStopReport>;
  /** A system stop's: why the stop of an account failed for good (its outcome is then 'halted', not 'flat'). */
  accountFailures?: Record<string, string>;
}

export interface EmergencyStopStatus extends WorkflowStatus {
  stage: EmergencyStopStage;
  report: EmergencyStopReport;
}

export const emergencyStopStatusQuery = statusQuery<EmergencyStopStatus>();

/** The trading_state / circuit_breakers scope of a system-wide stop (the same value as the schema's SYSTEM_SCOPE). */
export const SYSTEM_TRADING_SCOPE = 'system';
