import type { TradingState } from '../../domain/risk/trading-state';
import type { DatabaseHandle } from '../../infra/db/client';
import { haltScope } from '../../infra/db/queries/halt-scope';
import { recordRunAuditOnce } from '../../infra/db/queries/safety-audit';
import { currentWorkflowExecution } from '../workflow-execution';

export interface SafetyRecordActivityDeps {
  database: DatabaseHandle;
  clock: () => number;
}

export interface HaltInput {
  /** 'system' or an account id: the trading_state / circuit_breakers scope. */
  scope: string;
  reason: string;
  requestedBy: string;
}

export interface AuditStepInput {
  actor: string;
  /** One action per step of a run; a retried recording of the same step writes nothing twice. */
  action: string;
  reason: string;
  scope: string;
  details?: Record<string, unknown>;
}

export type SafetyRecordActivities = ReturnType<typeof createSafetyRecordActivities>;

/** The Postgres side of the emergency stop: the halt itself and the audit trail of every step. */
export function createSafetyRecordActivities({ database, clock }: SafetyRecordActivityDeps) {
  return {
    /** HALTED as a manual override on the scope's board (the api set it already, as a rule); a retry writes nothing. */
    async haltTrading(input: HaltInput): Promise<TradingState> {
      const { workflowId, runId } = currentWorkflowExecution();
      await haltScope(database.db, { scope: input.scope, reason: `emergency stop: ${input.reason}`, actor: input.requestedBy, workflowId, runId, nowMs: clock() });
      return 'HALTED';
    },

    async recordStep(input: AuditStepInput): Promise<void> {
      const { workflowId, runId } = currentWorkflowExecution();
      await recordRunAuditOnce(database.db, {
        actor: input.actor, action: input.action, reason: input.reason, subjectType: 'trading_scope', subjectId: input.scope,
        workflowId, runId, details: input.details ?? {},
      });
    },
  };
}
