import type { SystemRiskEvaluation } from '../../activities/safety/system-risk-activities';
import { defineQuery } from '@temporalio/workflow';
import type { BreakerEvent, BreakersConfig } from '../../domain/risk/circuit-breakers';
import type { TradingState } from '../../domain/risk/trading-state';

export const RISK_MONITOR_WORKFLOW = 'riskMonitor';

/** One monitor per account; the worker starts it with USE_EXISTING, so a restart never starts a second. */
export function riskMonitorWorkflowId(accountId: string): string {
  return `risk-monitor-${accountId}`;
}

export interface RiskMonitorLimits {
  breakers: BreakersConfig;
  /** A breach this bad starts the emergency stop (closing positions), beyond what the breakers do. */
  severeDailyLossUsd: number;
  severeDrawdown: number;
}

/** What the monitor carries from one reading (and one run) to the next. */
export interface RiskMonitorCarry {
  /** Start of the trading day (ISO) the day-start NAV belongs to: its mark's. */
  tradingDay: string;
  dayStartNavUsd: number;
  peakNavUsd: number;
}

export interface RiskMonitorInput {
  accountId: string;
  /**
   * Set only in monitors started before the limits were read at every reading from the worker's configuration;
   * passed on to the reading, which ignores it.
   */
  limits?: RiskMonitorLimits;
  intervalMs: number;
  carry?: RiskMonitorCarry;
  /** The last broker transaction whose fills are recorded: where the next run carries on. */
  fillsThroughTransactionId?: string;
}

export interface RiskReading {
  takenAtMs: number;
  carry: RiskMonitorCarry;
  navUsd: number;
  grossExposureUsd: number;
  netExposureUsd: number;
  exposuresUsd: Record<string, number>;
  largestConcentration: number;
  var95Usd: number;
  var99Usd: number;
  es95Usd: number;
  es99Usd: number;
  dailyPnlUsd: number;
  drawdown: number;
  tradingState: TradingState;
  breakerEvents: BreakerEvent[];
  /** Why this reading calls for an emergency stop; absent when it does not. */
  severeBreach?: string;
}

export interface RiskMonitorStatus {
  accountId: string;
  readings: number;
  latest?: RiskReading;
  /** The last failed reading's error; the monitor keeps going. */
  lastError?: string;
  emergencyStopsStarted: number;
  /** Fills this run recorded from the broker's transaction log, and the last transaction read. */
  fillsRecorded: number;
  fillsThroughTransactionId?: string;
  /** The last failed recording's error; the next interval carries on from the same transaction. */
  lastFillsError?: string;
  /** Every account's risk together after this account's last reading (none while no account has a fresh reading). */
  system?: SystemRiskEvaluation;
  lastSystemError?: string;
}

export const riskFiguresQuery = defineQuery<RiskMonitorStatus>('riskFigures');
