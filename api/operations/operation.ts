import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Role } from '../../domain/access/roles';
import type { Identity } from '../auth/identity';

/** Who may call an operation: anyone (the probes and the contract), or an identity holding at least this role. */
export type Access = 'public' | Role;

export interface ResponseSpec {
  description: string;
  /** The JSON body; absent for no body (204) or a non-JSON one (see contentType). */
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
}

/** What a handler gets: the request's parts, each already validated by its schema, and who is calling. */
export interface OperationInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Absent only on public operations. */
  identity: Identity;
  request: Request;
}

/**
 * One REST operation, declared once: the route, who may call it, the zod schemas that validate its parts, and its
 * answers. The same declaration mounts it on express (api/operations/mount.ts) and describes it in /openapi.json
 * (api/openapi/document.ts), so the published contract cannot drift from what the api does.
 */
export interface Operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express style: '/api/schedules/:id'. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Documented request headers the operation reads (Idempotency-Key). */
  headers?: ReadonlyArray<{ name: string; description: string; schema: z.ZodType }>;
  /** The operation's own answers; the common ones (400, 401, 403, 415, 429) are added from its declaration. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Never refused by the rate limit: a halt must always get through. */
  unlimited?: boolean;
  handle(input: OperationInput<z.infer<P>, z.infer<Q>, z.infer<B>>, response: Response): Promise<void> | void;
}

/** Declares an operation with its schemas' types flowing into the handler. */
export function operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(spec: Operation<P, Q, B>): Operation {
  return spec as unknown as Operation;
}
