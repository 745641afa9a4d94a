import { sql } from 'drizzle-orm';
import { emptyBreakerBoard, setManualOverride } from '../../../domain/risk/circuit-breakers';
import type { Database } from '../client';
import type { AuditEventRecord } from './audit';
import { breakerEventAudit, type BoardUpdateContext } from './circuit-breakers';

export interface HaltRequest extends BoardUpdateContext {
  /** 'system' or an account id. */
  scope: string;
  reason: string;
  nowMs: number;
  /** The request's own audit events (a person's control call), written whether or not the scope was halted already. */
  requestAudit?: readonly AuditEventRecord[];
}

/** As the halt_trading_scope function reads its audit rows. */
const auditRow = (event: AuditEventRecord) => ({
  actor: event.actor, action: event.action, reason: event.reason, subject_type: event.subjectType, subject_id: event.subjectId,
  workflow_id: event.workflowId, run_id: event.runId, details: event.details ?? {},
});

/**
 * HALTED on the scope, in one call to the database (migration 0007): the manual override on its board, trading_state
 * (and with it the NOTIFY the hot path hears) and the audit events, atomically and under the board's lock, so a halt
 * waits on a single round trip. The override and its event come from the domain's transition, as for every other
 * board change; HALTED is the most severe state, so the scope is HALTED whatever its breakers say. Returns whether
 * the scope was not already halted by an override.
 */
export async function haltScope(db: Database, halt: HaltRequest): Promise<{ newlyHalted: boolean }> {
  const { board, event } = setManualOverride(emptyBreakerBoard(), 'HALTED', halt.reason, halt.nowMs);
  const result = await db.execute<{ halted: boolean }>(sql`select halt_trading_scope(
    ${halt.scope}, ${JSON.stringify(board.manualOverride)}::jsonb, ${halt.actor}, ${event.reason},
    ${JSON.stringify((halt.requestAudit ?? []).map(auditRow))}::jsonb, ${JSON.stringify([auditRow(breakerEventAudit(event, halt.scope, halt))])}::jsonb
  ) as halted`);
  return { newlyHalted: result.rows[0]!.halted };
}
