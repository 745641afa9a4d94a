import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a bearer token is told apart from a JWT without trying both. */
export const API_KEY_PREFIX = 'tok_';

/** A new key: 32 random bytes, shown once; only its hash is stored. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * The stored form. A key carries 256 random bits, so a plain SHA-256 is enough: nothing to guess, no salt or slow
 * hash needed, and a key is found by its hash with one index look-up.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What may be shown of a key (in lists and logs) to tell keys apart. */
export function apiKeyHint(key: string): string {
  return `${key.slice(0, API_KEY_PREFIX.length + 6)}…`;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
