import { z } from 'zod';

/**
 * The building blocks of every request schema. Each bound is part of the published contract (they become JSON
 * Schema patterns and limits), and each keeps a value Postgres or Temporal would refuse (a NUL, an integer beyond
 * 32 bits) from ever reaching them: bad input is a 400 naming the field, never a 500.
 */
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

/**
 * For a rule across fields: it runs only once every field has parsed, so it never sees (and trips over) a value of the
 * wrong type; the fields' own errors are reported first.
 */
export const whenFieldsParsed = { when: (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0 };

/** Free text a person writes (a reason, a note): trimmed, not empty, no control characters. */
export const text = (maxLength: number) => z.string().trim().min(1).max(maxLength).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');

/** A broker account id as OANDA writes them (e.g. 101-001-0000001-001). */
export const accountId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected an account id: letters, digits, dots, dashes or underscores, at most 64');

/** A workflow id as this api makes them (and as the Web UI shows them). */
export const workflowId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,254}$/, 'expected a workflow id: letters, digits and . _ : @ -, at most 255');

/** A positive integer that fits Postgres's integer. */
export const positiveInt32 = z.coerce.number().int().min(1).max(2_147_483_647);

/** Who asked, as a note beside the caller's identity (the audit log's actor always comes from the credential). */
export const note = text(200).optional();

export const errorBody = z.object({
  error: z.string(),
  details: z.unknown().optional(),
});

/** A list page: `nextCursor` of one page is the `cursor` of the next; the last page has none. */
export const page = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.number().int().optional() });

/** The query of every list: page size, cursor and the filters it honours (anything else is refused). */
export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  accountId: accountId.optional(),
  workflowId: workflowId.optional(),
});

export const startedRun = z.object({
  workflowId: z.string(),
  runId: z.string(),
  webUiUrl: z.string(),
});

/** `?wait=true` answers once the run has finished (up to API_WAIT_MAX_MS), or 202 with it still running. */
export const finishedRun = startedRun.extend({
  status: z.enum(['COMPLETED', 'FAILED']),
  result: z.unknown().optional(),
  failure: z.string().optional(),
});

export const waitQuery = z.strictObject({
  wait: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
});
