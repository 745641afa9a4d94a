import { defineQuery } from '@temporalio/workflow';
import type { TradingState } from '../../domain/risk/trading-state';

export const RECONCILER_WORKFLOW = 'reconciler';

/** One reconciler per account; the worker starts it with USE_EXISTING, so a restart never starts a second. */
export function reconcilerWorkflowId(accountId: string): string {
  return `reconciler-${accountId}`;
}

export interface ReconcilerInput {
  accountId: string;
  intervalMs: number;
  /** The last broker transaction whose fills are recorded: where the next run carries on. */
  fillsThroughTransactionId?: string;
  openMismatches?: number;
}

export interface AccountReconciliationInput {
  accountId: string;
  fillsThroughTransactionId?: string;
  /** Carried for a run that cannot compare positions: it reports the last count. */
  openMismatches?: number;
}

export interface AccountReconciliation {
  accountId: string;
  fillsThroughTransactionId: string;
  ordersChecked: number;
  ordersSettled: number;
  fillsRecorded: number;
  mismatchesFound: number;
  mismatchesCleared: number;
  openMismatches: number;
  /** Why this run compared no positions; absent when it did. */
  positionsNotCompared?: string;
  tradingState: TradingState;
}

export interface ReconcilerStatus {
  accountId: string;
  runs: number;
  latest?: AccountReconciliation;
  /** The last failed run's error; the reconciler keeps going. */
  lastError?: string;
}

export const reconcilerStatusQuery = defineQuery<ReconcilerStatus>('reconcilerStatus');
