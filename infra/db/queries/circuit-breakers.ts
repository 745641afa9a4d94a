import { eq, sql } from 'drizzle-orm';
import { emptyBreakerBoard, type BreakerBoard, type BreakerEvent } from '../../../domain/risk/circuit-breakers';
import type { TradingState } from '../../../domain/risk/trading-state';
import type { Database } from '../client';
import type { AuditEventRecord } from './audit';
import { auditEvents, circuitBreakers, tradingStates } from '../schema';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface BoardChange {
  board: BreakerBoard;
  /** What happened, for the audit log; no events means the trading state did not change and is not written. */
  events: readonly BreakerEvent[];
  /** Further audit events committed with the change (a person's control request, say), written even when no event happened. */
  audit?: readonly AuditEventRecord[];
}

export interface BoardUpdateContext {
  /** Who changed it: a person, 'risk-monitor', 'emergency-stop', ... */
  actor: string;
  workflowId?: string;
  runId?: string;
}

/** The audit event of a breaker event on a scope's board. */
export function breakerEventAudit(event: BreakerEvent, scope: string, context: BoardUpdateContext): AuditEventRecord {
  return {
    actor: context.actor,
    action: `circuit_breaker.${event.kind}`,
    reason: event.reason,
    subjectType: 'trading_scope',
    subjectId: scope,
    workflowId: context.workflowId,
    runId: context.runId,
    details: { breaker: event.breaker, tradingState: event.tradingState, atMs: event.atMs },
  };
}

export async function readBreakerBoard(db: Database | Transaction, scope: string): Promise<BreakerBoard> {
  const [row] = await db.select({ board: circuitBreakers.board }).from(circuitBreakers).where(eq(circuitBreakers.scope, scope)).limit(1);
  return row ? (row.board as unknown as BreakerBoard) : emptyBreakerBoard();
}

/**
 * Reads the scope's board under a lock, lets `change` decide the next board, and writes the board and, when a breaker
 * event happened, the resulting trading state and one audit event per breaker event, in one transaction: the state and its reason never disagree
 * with the board, however many writers race. `change` may refuse by throwing; then nothing is written.
 */
export async function updateBreakerBoard<T extends BoardChange>(
  db: Database,
  scope: string,
  context: BoardUpdateContext,
  change: (board: BreakerBoard) => T,
): Promise<T & { tradingState: TradingState }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`circuit-breakers:${scope}`}))`);
    const previous = await readBreakerBoard(tx, scope);
    const result = change(previous);
    const last = result.events.at(-1);
    // Observations change the board without any transition (a breach clearing): those are kept too, for a reset to see.
    if (JSON.stringify(result.board) !== JSON.stringify(previous)) {
      const board = result.board as unknown as Record<string, unknown>;
      await tx.insert(circuitBreakers).values({ scope, board, updatedBy: context.actor })
        .onConflictDoUpdate({ target: circuitBreakers.scope, set: { board, updatedBy: context.actor, updatedAt: sql`now()` } });
    }
    let tradingState: TradingState;
    if (last) {
      tradingState = last.tradingState;
      await tx.insert(tradingStates).values({ scope, state: tradingState, updatedBy: context.actor, reason: last.reason })
        .onConflictDoUpdate({ target: tradingStates.scope, set: { state: tradingState, updatedBy: context.actor, reason: last.reason, updatedAt: sql`now()` } });
    } else {
      const [current] = await tx.select({ state: tradingStates.state }).from(tradingStates).where(eq(tradingStates.scope, scope)).limit(1);
      tradingState = current?.state ?? 'ACTIVE';
    }
    const audit = [...(result.audit ?? []), ...result.events.map((event) => breakerEventAudit(event, scope, context))];
    if (audit.length > 0) await tx.insert(auditEvents).values(audit);
    return { ...result, tradingState };
  });
}
