import type { z } from 'zod';
import { HttpError } from './http-error';

/** An error names at most this many fields, each message at most this long: a huge bad body gets a small answer. */
const MAX_FIELDS = 10;
const MAX_MESSAGE_LENGTH = 200;

const shorten = (text: string): string => (text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`);

/** Parses a request part with a zod schema; a 400 names every bad field (up to ten) and what was wrong with it. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, part: 'body' | 'query' | 'params'): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const fields = issues.slice(0, MAX_FIELDS).map((issue) => ({
    field: shorten(issue.path.length > 0 ? issue.path.join('.') : part),
    message: shorten(issue.message),
  }));
  const more = issues.length > MAX_FIELDS ? `; and ${issues.length - MAX_FIELDS} more` : '';
  throw new HttpError(400, `invalid request ${part}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}${more}`, { fields });
}
