import { WorkflowFailedError } from '@temporalio/client';
import type { Response } from 'express';
import type { StartedRun } from '../workflow-starter';

/** The innermost cause of a failed run: what a person can act on ("unknown strategy", "NO_CANDLES: ..."). */
export function innermostFailure(error: unknown): string {
  let cause: unknown = error instanceof WorkflowFailedError ? error.cause : error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? cause.message : String(cause);
}

/** 202 with the ids and the Web UI link; with wait, 200 once the run has finished, with its result or failure. */
export async function respondStarted({ workflowId, runId, webUiUrl, handle }: StartedRun, wait: boolean, response: Response): Promise<void> {
  const started = { workflowId, runId, webUiUrl };
  if (!wait) {
    response.status(202).json(started);
    return;
  }
  try {
    response.status(200).json({ ...started, status: 'COMPLETED', result: await handle.result() });
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    response.status(200).json({ ...started, status: 'FAILED', failure: innermostFailure(error) });
  }
}
