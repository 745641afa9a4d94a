import type { Request } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { highestRole } from '../../domain/access/roles';
import type { AppConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { findLiveApiKey } from '../../infra/db/queries/api-keys';
import { HttpError } from '../http-error';
import { hashApiKey, looksLikeApiKey } from '../../infra/auth/api-key-secret';
import type { Identity } from './identity';

/** A key found live is trusted this long without asking Postgres again: a revocation takes effect within it. */
export const API_KEY_CACHE_MS = 10_000;

const unauthorized = (message: string) => new HttpError(401, message, undefined, { 'WWW-Authenticate': 'Bearer realm="trade-orchestrator"' });

/**
 * Who is calling, from `Authorization: Bearer <credential>`: an api key (looked up by its hash in api_keys), or a JWT
 * verified with the identity provider's keys (AUTH_JWT_JWKS_URL, issuer and audience from configuration), whose role
 * comes from its AUTH_JWT_ROLE_CLAIM claim. Anything else is a 401 that says what was wrong.
 */
export function createAuthenticator({ config, database, clock = Date.now }: { config: AppConfig; database: DatabaseHandle; clock?: () => number }) {
  const liveKeys = new Map<string, { identity: Identity; trustedUntilMs: number }>();
  const jwks: JWTVerifyGetKey | undefined = config.AUTH_JWT_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWT_JWKS_URL)) : undefined;

  async function fromApiKey(key: string): Promise<Identity> {
    const keyHash = hashApiKey(key);
    const cached = liveKeys.get(keyHash);
    if (cached && cached.trustedUntilMs > clock()) return cached.identity;
    const found = await findLiveApiKey(database.db, keyHash);
    if (!found) {
      liveKeys.delete(keyHash);
      throw unauthorized('unknown or revoked api key');
    }
    const identity: Identity = { name: found.name, role: found.role, via: 'api-key' };
    liveKeys.set(keyHash, { identity, trustedUntilMs: clock() + API_KEY_CACHE_MS });
    return identity;
  }

  async function fromJwt(token: string): Promise<Identity> {
    if (!jwks) throw unauthorized('not an api key (api keys start with tok_), and this api accepts no other tokens: AUTH_JWT_JWKS_URL is not set');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw unauthorized(`token refused: ${error.message}`);
      throw error;
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthorized('token refused: it names no subject (sub)');
    const claim = payload[config.AUTH_JWT_ROLE_CLAIM];
    const role = highestRole(Array.isArray(claim) ? claim : [claim]);
    if (!role) throw new HttpError(403, `token of ${payload.sub} carries no role in its ${config.AUTH_JWT_ROLE_CLAIM} claim (viewer, trader or admin)`);
    return { name: `jwt:${payload.sub}`, role, via: 'jwt' };
  }

  return async function authenticate(request: Request): Promise<Identity> {
    const header = request.get('authorization');
    if (!header) throw unauthorized('missing credentials: send Authorization: Bearer <api key or token>');
    const bearer = /^Bearer +([\x21-\x7e]{1,4096})$/i.exec(header);
    if (!bearer) throw unauthorized('the Authorization header must be "Bearer <api key or token>"');
    const credential = bearer[1]!;
    return looksLikeApiKey(credential) ? fromApiKey(credential) : fromJwt(credential);
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
