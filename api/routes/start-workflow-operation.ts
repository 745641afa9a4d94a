import type { z } from 'zod';
import type { Identity } from '../auth/identity';
import { operation, type Access, type Operation, type ResponseSpec } from '../operations/operation';
import { waitQuery } from '../schemas/common';
import type { WorkflowStarter } from '../workflow-starter';
import { workflowStartHeaders } from './started-responses';
import { respondStarted } from './started-workflow';

interface StartWorkflowOperationSpec<B extends z.ZodType<{ requestedBy?: string | undefined }>> {
  path: string;
  operationId: string;
  tag: string;
  access: Access;
  summary: string;
  body: B;
  responses: Readonly<Record<number, ResponseSpec>>;
  workflowType: string;
  /** Each run gets a fresh id with this prefix. */
  idPrefix: string;
  /** Refuses, before anything starts, a request the run could only fail on. */
  check?(body: z.infer<B>): Promise<void>;
  /** The workflow's input; the identity is the one the api proved, never a name from the body. */
  input(body: z.infer<B>, identity: Identity): unknown;
}

/**
 * A POST that starts one workflow run: `?wait`, Idempotency-Key, the caller in the run's memo (the body's
 * `requestedBy` kept beside it as a note), and 202 with the run's ids and Web UI link, or its outcome when waited for.
 */
export function startWorkflowOperation<B extends z.ZodType<{ requestedBy?: string | undefined }>>(
  startWorkflow: WorkflowStarter, maxWaitMs: number, spec: StartWorkflowOperationSpec<B>,
): Operation {
  return operation({
    method: 'post', path: spec.path, operationId: spec.operationId, tag: spec.tag, access: spec.access, summary: spec.summary,
    query: waitQuery, body: spec.body, headers: workflowStartHeaders, responses: spec.responses,
    async handle({ query, body, identity, request }, response) {
      await spec.check?.(body);
      const started = await startWorkflow({
        request, identity, note: body.requestedBy, workflowType: spec.workflowType, workflowId: { prefix: spec.idPrefix }, args: [spec.input(body, identity)],
      });
      await respondStarted(started, query.wait, maxWaitMs, response);
    },
  });
}
