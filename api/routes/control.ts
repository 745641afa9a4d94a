import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  BREAKER_IDS, clearManualOverride, effectiveTradingState as boardTradingState, resetBreaker, setManualOverride, type BreakerBoard,
} from '../../domain/risk/circuit-breakers';
import type { Database } from '../../infra/db/client';
import { readBreakerBoard, updateBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { haltScope } from '../../infra/db/queries/halt-scope';
import { latestRiskSnapshot } from '../../infra/db/queries/risk-snapshots';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { EMERGENCY_STOP_WORKFLOW, emergencyStopWorkflowId, type EmergencyStopInput } from '../../workflows/definitions/emergency-stop';
import { SYSTEM_TRADING_SCOPE } from '../../workflows/definitions/emergency-stop-report';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { accountId, note, text, whenFieldsParsed } from '../schemas/common';
import { createWorkflowStarter, type StartedRun } from '../workflow-starter';
import { knownAccount } from './known-account';
import { workflowStartHeaders } from './started-responses';

const scoped = {
  /** A note beside the caller's identity, which is what the audit log records as the actor. */
  by: note,
  reason: text(500),
  scope: z.enum(['system', 'account']).default('system'),
  accountId: accountId.optional(),
};
const scopeRules = (body: { scope: string; accountId?: string }, context: z.RefinementCtx) => {
  if (body.scope === 'account' && !body.accountId) context.addIssue({ code: 'custom', path: ['accountId'], message: 'is required for scope account' });
  if (body.scope === 'system' && body.accountId) context.addIssue({ code: 'custom', path: ['accountId'], message: 'must be absent for scope system' });
};
const controlRequest = z.strictObject(scoped).superRefine(scopeRules, whenFieldsParsed);
const emergencyStopRequest = z.strictObject({ ...scoped, closePositions: z.boolean().default(true) }).superRefine(scopeRules, whenFieldsParsed);
const breakerResetRequest = z.strictObject({ by: note, reason: text(500), scope: z.union([z.literal(SYSTEM_TRADING_SCOPE), accountId]).default(SYSTEM_TRADING_SCOPE) });
const accountPath = z.strictObject({ accountId });
const breakerPath = z.strictObject({ id: z.enum(BREAKER_IDS) });

const controlled = z.object({ action: z.string(), scope: z.string(), tradingState: z.string() });
const stopStarted = controlled.extend({ workflowId: z.string(), runId: z.string(), webUiUrl: z.string() });
const unknownAccount = { 404: { description: 'the account is not in the registry' } };

/** Why a board still restricts trading with its manual override cleared: each breaker not armed, and what holds it. */
function restrictions(board: BreakerBoard): string[] {
  return Object.entries(board.breakers).flatMap(([id, status]) => {
    if (!status || status.phase === 'ARMED') return [];
    const condition = status.breached ? `its condition still holds (last ${status.lastValue} >= ${status.threshold})` : `its condition has cleared: reset it with POST /api/risk/breakers/${id}/reset`;
    return [`breaker ${id} is ${status.phase} (${status.tripTo}): ${condition}`];
  });
}

/**
 * Trading control (stop, emergency stop, reduce-only, resume, start), risk figures and breaker resets; every change
 * audited as the caller. The two halts are written before anything else happens and are never rate-limited.
 */
export function controlOperations(deps: ApiDependencies): Operation[] {
  const { database, temporal, logger } = deps;
  const startWorkflow = createWorkflowStarter(deps);
  const scopeOf = async (db: Database, body: { scope: string; accountId?: string }): Promise<string> => {
    if (body.scope === 'system') return SYSTEM_TRADING_SCOPE;
    // A halt is never refused for an account the registry knows, traded here or not.
    await knownAccount(db, body.accountId!);
    return body.accountId!;
  };

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

  /** reduce-only sets REDUCING; resume and start clear the override, refused while a stop runs or a breaker holds. */
  const overrideChange = (action: 'reduce-only' | 'resume' | 'start', summary: string) => operation({
    method: 'post', path: `/api/system/control/${action}`, operationId: `control${action.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}`,
    tag: 'control', access: 'admin', summary, body: controlRequest,
    responses: { 200: { description: 'the scope\'s trading state now', schema: controlled }, ...unknownAccount, 409: { description: 'refused: an emergency stop runs, or a breaker still restricts trading (the reasons say which)' } },
    async handle({ body, identity }, response) {
      const scope = await scopeOf(database.db, body);
      const stopping = await runningEmergencyStop(scope);
      if (stopping) throw new HttpError(409, `${action} refused: emergency stop ${stopping} is still running`);
      const nowMs = Date.now();
      const result = await updateBreakerBoard(database.db, scope, { actor: identity.name }, (board) => {
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
    },
  });

  return [
    operation({
      method: 'post', path: '/api/system/control/stop', operationId: 'controlStop', tag: 'control', access: 'admin', unlimited: true,
      summary: 'HALTED, committed before the answer: neither path opens an order; positions stay open.', body: controlRequest,
      responses: { 200: { description: 'halted', schema: controlled }, ...unknownAccount },
      async handle({ body, identity }, response) {
        const scope = await scopeOf(database.db, body);
        await haltScope(database.db, {
          scope, reason: body.reason, actor: identity.name, nowMs: Date.now(),
          requestAudit: [{ actor: identity.name, action: 'control.stop', reason: body.reason, subjectType: 'trading_scope', subjectId: scope, details: { note: body.by } }],
        });
        response.json({ action: 'stop', scope, tradingState: 'HALTED' });
      },
    }),
    operation({
      method: 'post', path: '/api/system/control/emergency-stop', operationId: 'controlEmergencyStop', tag: 'control', access: 'admin', unlimited: true,
      summary: 'HALTED at once, then the emergencyStop workflow cancels entry orders and (closePositions) closes every position until flat.',
      body: emergencyStopRequest, headers: workflowStartHeaders,
      responses: {
        202: { description: 'halted; the stop runs (a second call joins it)', schema: stopStarted }, ...unknownAccount,
        409: { description: 'the Idempotency-Key was used with another request' },
        503: { description: 'halted, but Temporal did not answer: the closes have not started; call again' },
      },
      async handle({ body, identity, request }, response) {
        const scope = await scopeOf(database.db, body);
        const workflowId = emergencyStopWorkflowId(body.scope, body.accountId);
        // Halt first, in Postgres, before answering: a worker that is down or behind delays the closes, never the halt.
        await haltScope(database.db, {
          scope, reason: `emergency stop: ${body.reason}`, actor: identity.name, workflowId, nowMs: Date.now(),
          requestAudit: [{ actor: identity.name, action: 'control.emergency_stop', reason: body.reason, subjectType: 'trading_scope', subjectId: scope, workflowId, details: { closePositions: body.closePositions, note: body.by } }],
        });
        const input: EmergencyStopInput = { scope: body.scope, accountId: body.accountId, reason: body.reason, closePositions: body.closePositions, requestedBy: identity.name };
        let started: StartedRun;
        try {
          started = await startWorkflow({ request, identity, note: body.by, workflowType: EMERGENCY_STOP_WORKFLOW, workflowId: { fixed: workflowId }, args: [input] });
        } catch (error) {
          if (error instanceof HttpError) throw error;
          logger.error({ err: error, workflowId }, 'emergency stop: trading is HALTED, but the workflow that cancels and closes could not be started');
          throw new HttpError(503, `trading is HALTED for ${scope}, but the emergency-stop workflow could not be started (Temporal unavailable): call again to cancel orders and close positions`, { tradingState: 'HALTED' });
        }
        response.status(202).json({ action: 'emergency-stop', scope, tradingState: 'HALTED', workflowId: started.workflowId, runId: started.runId, webUiUrl: started.webUiUrl });
      },
    }),
    overrideChange('reduce-only', 'REDUCING: only orders that shrink a position pass, on both paths.'),
    overrideChange('resume', 'Clears a stop or reduce-only; refused while an emergency stop runs or a breaker holds.'),
    overrideChange('start', 'As resume.'),
    operation({
      method: 'get', path: '/api/risk/:accountId', operationId: 'getAccountRisk', tag: 'control', access: 'viewer',
      summary: 'The account\'s trading state, latest risk snapshot (exposure, VaR/ES, daily P/L, drawdown) and breaker boards.',
      params: accountPath,
      responses: { 200: { description: 'the account\'s risk', schema: z.object({ accountId: z.string(), tradingState: z.object({ state: z.string() }).loose(), snapshot: z.unknown(), breakers: z.unknown() }) }, ...unknownAccount },
      async handle({ params }, response) {
        await knownAccount(database.db, params.accountId);
        const [tradingState, snapshot, accountBoard, systemBoard] = await Promise.all([
          effectiveTradingState(database.db, params.accountId),
          latestRiskSnapshot(database.db, params.accountId),
          readBreakerBoard(database.db, params.accountId),
          readBreakerBoard(database.db, SYSTEM_TRADING_SCOPE),
        ]);
        response.json({ accountId: params.accountId, tradingState, snapshot: snapshot ?? null, breakers: { account: accountBoard, system: systemBoard } });
      },
    }),
    operation({
      method: 'post', path: '/api/risk/breakers/:id/reset', operationId: 'resetBreaker', tag: 'control', access: 'admin',
      summary: 'Re-arms a tripped or latched breaker; refused while its condition still holds.', params: breakerPath, body: breakerResetRequest,
      responses: {
        200: { description: 'reset', schema: z.object({ breaker: z.string(), scope: z.string(), tradingState: z.string(), board: z.unknown() }) }, ...unknownAccount,
        409: { description: 'the breaker is not tripped, or its condition still holds' },
      },
      async handle({ params, body, identity }, response) {
        if (body.scope !== SYSTEM_TRADING_SCOPE) await knownAccount(database.db, body.scope);
        const result = await updateBreakerBoard(database.db, body.scope, { actor: identity.name }, (board) => {
          const reset = resetBreaker(board, params.id, Date.now());
          if (!reset.ok) throw new HttpError(409, reset.reason);
          return { board: reset.board, events: [{ ...reset.event, reason: `${reset.event.reason}: ${body.reason}` }] };
        });
        response.json({ breaker: params.id, scope: body.scope, tradingState: result.tradingState, board: result.board });
      },
    }),
  ];
}
