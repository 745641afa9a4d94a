import { z } from 'zod';
import type { Operation, ResponseSpec } from '../operations/operation';
import { errorBody } from '../schemas/common';

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (what OpenAPI 3.1 speaks) of a zod schema: the request side for inputs, the response side for answers. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The object schema inside a default or optional wrapper: its properties are what become parameters. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodObject)) throw new Error('path and query schemas must be objects');
  return inner.shape as Record<string, z.ZodType>;
}

function parameters(op: Operation): unknown[] {
  const from = (schema: z.ZodType | undefined, where: 'path' | 'query') => Object.entries(schema ? objectShape(schema) : {}).map(([name, field]) => ({
    name, in: where, required: where === 'path' || !field.safeParse(undefined).success, schema: jsonSchema(field, 'input'),
    ...(field.description ? { description: field.description } : {}),
  }));
  const headers = (op.headers ?? []).map((header) => ({ name: header.name, in: 'header', required: false, description: header.description, schema: jsonSchema(header.schema, 'input') }));
  return [...from(op.params, 'path'), ...from(op.query, 'query'), ...headers];
}

const ERROR = (description: string): ResponseSpec => ({ description });

/** What every operation may answer besides its own: bad input, missing or insufficient credentials, limits. */
function commonResponses(op: Operation): Partial<Record<number, ResponseSpec>> {
  const validated = op.params || op.query !== undefined || op.body;
  return {
    ...(validated || op.access !== 'public' ? { 400: ERROR('a malformed request: the message names each bad field') } : {}),
    ...(op.access !== 'public' ? {
      401: ERROR('missing, unknown, revoked or invalid credentials'),
      403: ERROR(`the caller's role is below ${op.access}, or the Host is not allowed`),
      ...(op.unlimited ? {} : { 429: ERROR('over the rate limit: Retry-After says when to try again') }),
    } : {}),
    ...(op.body ? { 413: ERROR('the body is too large'), 415: ERROR('the body is not application/json') } : {}),
  };
}

/** An answer; every error answers the error body, and only a 204 has none. */
function response(status: number, spec: ResponseSpec): unknown {
  const schema = spec.schema ?? (status >= 400 ? errorBody : undefined);
  if (!schema && !spec.contentType) return { description: spec.description };
  return { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: schema ? jsonSchema(schema, 'output') : { type: 'string' } } } };
}

const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * The api's OpenAPI 3.1 document, built from the same operation declarations (and zod schemas) that route and
 * validate requests. Every operation names the role it needs (x-required-role) and every answer it can give.
 */
export function openApiDocument(operations: readonly Operation[], info: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const answers: Record<string, ResponseSpec | undefined> = { ...commonResponses(op), ...op.responses };
    const responses = Object.fromEntries(Object.entries(answers).flatMap(([status, spec]) => (spec ? [[status, response(Number(status), spec)]] : [])));
    (paths[openApiPath(op.path)] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      'x-required-role': op.access,
      security: op.access === 'public' ? [] : [{ bearer: [] }],
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: !op.body.safeParse(undefined).success, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trade Orchestrator api',
      version: info.version,
      description: 'Durable FX trading orchestration on Temporal. Every call but the probes and this document carries '
        + '`Authorization: Bearer <credential>`: an api key (`bin/admin keys create`) or a JWT from the configured identity provider. '
        + 'Roles: viewer reads, trader also starts trading and research workflows, answers approvals and triggers schedules, admin also controls trading, '
        + 'activates strategy versions, resets breakers and manages schedules.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An api key (tok_…) or a JWT whose role claim is viewer, trader or admin.' },
      },
    },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
