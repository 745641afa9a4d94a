import { Router } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  BREAKER_IDS, clearManualOverride, effectiveTradingState as boardTradingState, resetBreaker, setManualOverride, type BreakerBoard,
} from '../../domain/risk/circuit-breakers';
import { readBreakerBoard, updateBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { haltScope } from '../../infra/db/queries/halt-scope';
import { latestRiskSnapshot } from '../../infra/db/queries/risk-snapshots';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { EMERGENCY_STOP_WORKFLOW, emergencyStopWorkflowId, type EmergencyStopInput } from '../../workflows/definitions/emergency-stop';
import { SYSTEM_TRADING_SCOPE } from '../../workflows/definitions/emergency-stop-report';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { parseOrThrow } from '../validation';
import { createWorkflowStarter, type StartedRun } from '../workflow-starter';

const CONTROL_ACTIONS = ['start', 'stop', 'emergency-stop', 'resume', 'reduce-only'] as const;
const text = z.string().trim().min(1).max(500);

const controlRequest = z.strictObject({
  by: text,
  reason: text,
  scope: z.enum(['system', 'account']).default('system'),
  accountId: z.string().trim().min(1).max(64).optional(),
  closePositions: z.boolean().default(true),
}).superRefine((body, context) => {
  if (body.scope === 'account' && !body.accountId) context.addIssue({ code: 'custom', path: ['accountId'], message: 'is required for scope account' });
  if (body.scope === 'system' && body.accountId) context.addIssue({ code: 'custom', path: ['accountId'], message: 'must be absent for scope system' });
});
const breakerResetRequest = z.strictObject({ by: text, reason: text, scope: z.string().trim().min(1).max(64).default(SYSTEM_TRADING_SCOPE) });

/** Why a board still restricts trading with its manual override cleared: each breaker not armed, and what holds it. */
function restrictions(board: BreakerBoard): string[] {
  return Object.entries(board.breakers).flatMap(([id, status]) => {
    if (!status || status.phase === 'ARMED') return [];
    const condition = status.breached ? `its condition still holds (last ${status.lastValue} >= ${status.threshold})` : `its condition has cleared: reset it with POST /api/risk/breakers/${id}/reset`;
    return [`breaker ${id} is ${status.phase} (${status.tripTo}): ${condition}`];
  });
}

/** Trading control (start, stop, reduce-only, resume, emergency stop), risk figures and breaker resets; every change audited. */
export function controlRoutes(deps: ApiDependencies): Router {
  const { database, temporal, logger } = deps;
  const router = Router();
  const startWorkflow = createWorkflowStarter(deps);

  async function runningEmergencyStop(scope: string): Promise<string | undefined> {
    const ids = [emergencyStopWorkflowId('system'), ...(scope === SYSTEM_TRADING_SCOPE ? [] : [emergencyStopWorkflowId('account', scope)])];
    for (const workflowId of ids) {
      try {
        if ((await temporal.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING') return workflowId;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  router.post('/api/system/control/:action', async (request, response) => {
    const { action } = parseOrThrow(z.object({ action: z.enum(CONTROL_ACTIONS) }), request.params, 'params');
    const body = parseOrThrow(controlRequest, request.body ?? {}, 'body');
    const scope = body.scope === 'system' ? SYSTEM_TRADING_SCOPE : body.accountId!;

    if (action === 'emergency-stop') {
      const workflowId = emergencyStopWorkflowId(body.scope, body.accountId);
      // Halt first, in Postgres, before answering: a worker that is down or behind delays the closes, never the halt.
      await haltScope(database.db, {
        scope, reason: `emergency stop: ${body.reason}`, actor: body.by, workflowId, nowMs: Date.now(),
        requestAudit: [{ actor: body.by, action: 'control.emergency_stop', reason: body.reason, subjectType: 'trading_scope', subjectId: scope, workflowId, details: { closePositions: body.closePositions } }],
      });
      const input: EmergencyStopInput = { scope: body.scope, accountId: body.accountId, reason: body.reason, closePositions: body.closePositions, requestedBy: body.by };
      let started: StartedRun;
      try {
        started = await startWorkflow({ request, workflowType: EMERGENCY_STOP_WORKFLOW, workflowId: { fixed: workflowId }, args: [input] });
      } catch (error) {
        if (error instanceof HttpError) throw error;
        logger.error({ err: error, workflowId }, 'emergency stop: trading is HALTED, but the workflow that cancels and closes could not be started');
        throw new HttpError(503, `trading is HALTED for ${scope}, but the emergency-stop workflow could not be started (Temporal unavailable): call again to cancel orders and close positions`, { tradingState: 'HALTED' });
      }
      response.status(202).json({ action, scope, tradingState: 'HALTED', workflowId: started.workflowId, runId: started.runId, webUiUrl: started.webUiUrl });
      return;
    }

    if (action === 'stop') {
      await haltScope(database.db, {
        scope, reason: body.reason, actor: body.by, nowMs: Date.now(),
        requestAudit: [{ actor: body.by, action: 'control.stop', reason: body.reason, subjectType: 'trading_scope', subjectId: scope }],
      });
      response.json({ action, scope, tradingState: 'HALTED' });
      return;
    }
    const stopping = await runningEmergencyStop(scope);
    if (stopping) throw new HttpError(409, `${action} refused: emergency stop ${stopping} is still running`);
    const nowMs = Date.now();
    const result = await updateBreakerBoard(database.db, scope, { actor: body.by }, (board) => {
      if (action === 'reduce-only') {
        const changed = setManualOverride(board, 'REDUCING', body.reason, nowMs);
        return { board: changed.board, events: [changed.event] };
      }
      const changed = clearManualOverride(board, body.reason, nowMs);
      const holding = restrictions(changed.board);
      if (boardTradingState(changed.board) !== 'ACTIVE') throw new HttpError(409, `${action} refused: ${holding.join('; ')}`, { reasons: holding });
      return { board: changed.board, events: [changed.event] };
    });
    response.json({ action, scope, tradingState: result.tradingState });
  });

  router.get('/api/risk/:accountId', async (request, response) => {
    const { accountId } = parseOrThrow(z.object({ accountId: z.string().trim().min(1).max(64) }), request.params, 'params');
    const [tradingState, snapshot, accountBoard, systemBoard] = await Promise.all([
      effectiveTradingState(database.db, accountId),
      latestRiskSnapshot(database.db, accountId),
      readBreakerBoard(database.db, accountId),
      readBreakerBoard(database.db, SYSTEM_TRADING_SCOPE),
    ]);
    response.json({ accountId, tradingState, snapshot: snapshot ?? null, breakers: { account: accountBoard, system: systemBoard } });
  });

  router.post('/api/risk/breakers/:id/reset', async (request, response) => {
    const { id } = parseOrThrow(z.object({ id: z.enum(BREAKER_IDS) }), request.params, 'params');
    const body = parseOrThrow(breakerResetRequest, request.body ?? {}, 'body');
    const result = await updateBreakerBoard(database.db, body.scope, { actor: body.by }, (board) => {
      const reset = resetBreaker(board, id, Date.now());
      if (!reset.ok) throw new HttpError(409, reset.reason);
      return { board: reset.board, events: [{ ...reset.event, reason: `${reset.event.reason}: ${body.reason}` }] };
    });
    response.json({ breaker: id, scope: body.scope, tradingState: result.tradingState, board: result.board });
  });

  return router;
}
