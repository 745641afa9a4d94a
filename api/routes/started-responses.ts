import { z } from 'zod';
import { finishedRun, startedRun } from '../schemas/common';
import { IDEMPOTENCY_KEY_HEADER } from '../workflow-starter';
import type { ResponseSpec } from '../operations/operation';

/** What every POST that starts a workflow may answer. */
export const STARTED_RESPONSES: Readonly<Record<number, ResponseSpec>> = {
  200: { description: 'with ?wait=true: the run finished (COMPLETED with its result, or FAILED with the reason)', schema: finishedRun },
  202: { description: 'the run started (with ?wait=true, still RUNNING after API_WAIT_MAX_MS)', schema: startedRun.extend({ status: z.literal('RUNNING').optional() }) },
  404: { description: 'the account is not in the registry' },
  409: { description: 'the Idempotency-Key was used with another request' },
  503: { description: 'Temporal did not answer: nothing was started' },
};

export const workflowStartHeaders = [{
  name: IDEMPOTENCY_KEY_HEADER,
  description: 'The same key and body return the same run, however often they are sent; another body under the key is a 409. Scoped to the caller.',
  schema: z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/),
}];
