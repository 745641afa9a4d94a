/**
 * The emergency stop, as every caller starts it: the api, the risk monitor and the hot path. One workflow id per
 * scope, started with the USE_EXISTING conflict policy, so a second stop while one runs joins the first.
 */
export const EMERGENCY_STOP_WORKFLOW = 'emergencyStop';

export type EmergencyStopScope = 'system' | 'account';

export interface EmergencyStopInput {
  scope: EmergencyStopScope;
  /** Required when scope is 'account'. */
  accountId?: string;
  reason: string;
  closePositions: boolean;
  /** Who asked: a person, 'risk-monitor', 'hot-path', ... */
  requestedBy: string;
  /** Set by a system stop on the account stops it runs: the system's halt already holds, so the account's state is left alone. */
  underSystemHalt?: boolean;
}

/** The account stop a system stop runs as its child, apart from any stop of that account alone. */
export function systemStopOfAccountWorkflowId(systemStopWorkflowId: string, accountId: string): string {
  return `${systemStopWorkflowId}-account-${accountId}`;
}

export function emergencyStopWorkflowId(scope: EmergencyStopScope, accountId?: string): string {
  if (scope === 'system') return 'emergency-stop-system';
  if (!accountId) throw new Error('an account emergency stop needs the account id');
  return `emergency-stop-account-${accountId}`;
}
