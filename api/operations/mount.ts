import { Router, type Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { roleAllows } from '../../domain/access/roles';
import type { AppConfig } from '../../infra/config';
import type { Authenticator } from '../auth/authenticate';
import type { Identity } from '../auth/identity';
import { HttpError } from '../http-error';
import { parseOrThrow } from '../validation';
import type { Operation } from './operation';

const NO_QUERY = z.strictObject({});

function limiter(points: number) {
  return new RateLimiterMemory({ points, duration: 60 });
}

async function consume(limit: RateLimiterMemory, key: string, who: string): Promise<void> {
  try {
    await limit.consume(key);
  } catch (rejected) {
    if (!(rejected instanceof RateLimiterRes)) throw rejected;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
    throw new HttpError(429, `too many requests from ${who}: at most ${limit.points} a minute; retry in ${retryAfterSeconds} s`, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/**
 * Mounts the operations on a router, each behind the same steps: a limit per client address before credentials are
 * read, authentication, the role check, a limit per identity, then validation of params, query and body (an
 * operation without a query refuses one). The halts (`unlimited`) skip both limits: nothing may hold back a stop.
 */
export function mountOperations(operations: readonly Operation[], { config, authenticate }: { config: AppConfig; authenticate: Authenticator }): Router {
  const router = Router();
  const perAddress = limiter(config.API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE);
  const perIdentity = limiter(config.API_RATE_LIMIT_PER_MINUTE);

  async function identify(op: Operation, request: Request): Promise<Identity | undefined> {
    if (op.access === 'public') return undefined;
    if (!op.unlimited) await consume(perAddress, request.ip ?? 'unknown', `address ${request.ip ?? 'unknown'}`);
    const identity = await authenticate(request);
    if (!roleAllows(identity.role, op.access)) {
      throw new HttpError(403, `${identity.name} has the ${identity.role} role; ${op.method.toUpperCase()} ${op.path} needs ${op.access}`);
    }
    if (!op.unlimited) await consume(perIdentity, identity.name, identity.name);
    return identity;
  }

  for (const op of operations) {
    router[op.method](op.path, async (request, response) => {
      const identity = await identify(op, request);
      const params = op.params ? parseOrThrow(op.params, request.params, 'params') : {};
      const query = parseOrThrow(op.query ?? NO_QUERY, request.query, 'query');
      const body = op.body ? parseOrThrow(op.body, request.body ?? {}, 'body') : undefined;
      await op.handle({ params, query, body, identity: identity!, request }, response);
    });
  }
  return router;
}
