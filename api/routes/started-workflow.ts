import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError } from '@temporalio/client';
import type { Response } from 'express';
import type { StartedRun } from '../workflow-starter';

/** The innermost cause of a failed run: what a person can act on ("unknown strategy", "NO_CANDLES: ..."). */
export function innermostFailure(error: unknown): string {
  let cause: unknown = error instanceof WorkflowFailedError ? error.cause : error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * 202 with the ids and the Web UI link; with wait, 200 once the run has finished, with its result or failure, or 202
 * with `status: RUNNING` when it has not finished within `maxWaitMs` (a request is never held open for long).
 */
export async function respondStarted({ workflowId, runId, webUiUrl, handle }: StartedRun, wait: boolean, maxWaitMs: number, response: Response): Promise<void> {
  const started = { workflowId, runId, webUiUrl };
  if (!wait) {
    response.status(202).json(started);
    return;
  }
  const stopWaiting = new AbortController();
  const finished = await Promise.race([
    handle.result().then((result: unknown) => ({ status: 'COMPLETED' as const, result }), (error: unknown) => {
      if (!(error instanceof WorkflowFailedError)) throw error;
      return { status: 'FAILED' as const, failure: innermostFailure(error) };
    }),
    sleep(maxWaitMs, undefined, { signal: stopWaiting.signal }).then(() => undefined, () => undefined),
  ]).finally(() => stopWaiting.abort());
  if (!finished) {
    response.status(202).json({ ...started, status: 'RUNNING' });
    return;
  }
  response.status(200).json({ ...started, ...finished });
}
