import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import type { Request } from 'express';
import { z } from 'zod';
import { claimIdempotencyKey, recordIdempotentRun } from '../infra/db/queries/idempotency-keys';
import type { ApiDependencies } from './dependencies';
import type { Identity } from './auth/identity';
import { HttpError } from './http-error';
import { runUrlOf } from './run-url';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const idempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'must be 1 to 255 visible ASCII characters');

export interface StartRequest {
  /** The HTTP request: its Idempotency-Key header, method, route and body. */
  request: Request;
  /** Who asked: recorded in the run's memo (and by the workflow's own audit, through its input). */
  identity: Identity;
  /** The caller's own words about the request (a body's requestedBy or by), kept beside the identity. */
  note?: string;
  workflowType: string;
  args: unknown[];
  /** A fresh id with this prefix per run, or one fixed id that a second start joins while its run is open. */
  workflowId: { prefix: string } | { fixed: string };
}

export interface StartedRun {
  workflowId: string;
  runId: string;
  webUiUrl: string;
  handle: WorkflowHandle;
}

/** Canonical JSON: object keys sorted, so the same body written in another key order is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  return value;
}

/**
 * Starts the workflows the api's POSTs ask for, with the caller's identity in the run's memo. With an Idempotency-Key
 * header (scoped to the caller), the same key and request give the same run however often they are sent (a client retrying a timed-out execute=true can never place a second order),
 * and the same key with another request is a 409: the key and the workflow id are recorded before the start, so a
 * retry after any failure starts, or finds, the same workflow.
 */
export function createWorkflowStarter({ config, database, temporal }: Pick<ApiDependencies, 'config' | 'database' | 'temporal'>) {
  const runUrl = runUrlOf({ config, temporal });
  const idFor = (spec: StartRequest['workflowId']) => ('fixed' in spec ? spec.fixed : `${spec.prefix}-${randomUUID()}`);

  /** A keyed start of a fresh id never runs it twice: once its first run closed, the id refuses another. */
  async function start(spec: StartRequest, workflowId: string, keyed: boolean): Promise<string> {
    const handle = await temporal.client.workflow.start(spec.workflowType, {
      taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId, args: spec.args, workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: keyed && 'prefix' in spec.workflowId ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
      memo: { requestedBy: spec.identity.name, via: spec.identity.via, ...(spec.note && { note: spec.note }) },
    });
    return handle.firstExecutionRunId;
  }

  return async function startWorkflow(spec: StartRequest): Promise<StartedRun> {
    const header = spec.request.get(IDEMPOTENCY_KEY_HEADER);
    if (header === undefined) {
      const workflowId = idFor(spec.workflowId);
      const runId = await start(spec, workflowId, false);
      return { workflowId, runId, webUiUrl: runUrl(workflowId, runId), handle: temporal.client.workflow.getHandle(workflowId, runId) };
    }
    const parsed = idempotencyKey.safeParse(header);
    if (!parsed.success) throw new HttpError(400, `invalid Idempotency-Key header: ${parsed.error.issues[0]!.message}`, { fields: [{ field: 'Idempotency-Key', message: parsed.error.issues[0]!.message }] });
    const route = `${spec.request.method} ${spec.request.baseUrl}${spec.request.path}`;
    const requestHash = createHash('sha256').update(JSON.stringify([route, canonical(spec.request.body ?? null)])).digest('hex');
    const claim = { identity: spec.identity.name, key: parsed.data };
    const claimed = await claimIdempotencyKey(database.db, { ...claim, requestHash, route, workflowId: idFor(spec.workflowId) });
    if (claimed.requestHash !== requestHash) {
      throw new HttpError(409, `Idempotency-Key ${parsed.data} was first used with another request (${claimed.route}, another body); use a new key for a new request`);
    }
    let runId = claimed.runId;
    if (!runId) {
      try {
        runId = await start(spec, claimed.workflowId, true);
      } catch (error) {
        // The first request started it and it has already finished, before its run id was recorded: that run is the answer.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        runId = (await temporal.client.workflow.getHandle(claimed.workflowId).describe()).runId;
      }
      await recordIdempotentRun(database.db, claim, runId);
    }
    return { workflowId: claimed.workflowId, runId, webUiUrl: runUrl(claimed.workflowId, runId), handle: temporal.client.workflow.getHandle(claimed.workflowId, runId) };
  };
}

export type WorkflowStarter = ReturnType<typeof createWorkflowStarter>;
