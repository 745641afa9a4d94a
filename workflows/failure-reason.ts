import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The application failure behind an activity failure: its type (a broker error code) and its message. */
export function failureReason(error: unknown): { type?: string; message: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? undefined, message: cause.message };
  return { message: cause instanceof Error ? cause.message : String(cause) };
}
