import type { z } from 'zod';
import { HttpError } from './http-error';

/** Parses a request part with a zod schema; a 400 names every bad field and what was wrong with it. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, part: 'body' | 'query' | 'params'): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : part,
    message: issue.message,
  }));
  throw new HttpError(400, `invalid request ${part}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
}
