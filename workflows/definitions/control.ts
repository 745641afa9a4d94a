import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * Signals and the status query the trading workflows share, so the api can address any of them by name without
 * knowing which workflow runs behind an id.
 */
export interface ControlSignalInput {
  by?: string;
  reason?: string;
}

export const CONTROL_SIGNAL_NAMES = ['approve', 'reject', 'cancel'] as const;
export type ControlSignalName = (typeof CONTROL_SIGNAL_NAMES)[number];

export const approveSignal = defineSignal<[ControlSignalInput]>('approve');
export const rejectSignal = defineSignal<[ControlSignalInput]>('reject');
export const cancelSignal = defineSignal<[ControlSignalInput]>('cancel');

export const STATUS_QUERY_NAME = 'status';

/** What every trading workflow's status query answers at least. */
export interface WorkflowStatus {
  stage: string;
}

export const statusQuery = <T extends WorkflowStatus>() => defineQuery<T>(STATUS_QUERY_NAME);
