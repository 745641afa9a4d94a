import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashApiKey } from '../auth/api-key-secret';
import { issueApiKey } from '../auth/issue-api-key';
import type { Database } from '../db/client';
import { findLiveApiKey } from '../db/queries/api-keys';

/** Where bin/start keeps the admin key it made: readable by its owner only. */
export const devApiKeyPath = (stateDir: string): string => join(stateDir, 'api-key');

/**
 * The admin key bin/start uses and hands to the person running it: the one stored under the data directory while it
 * is still live in this database, else a new one (the first start, a new database). Two commands stay two commands.
 */
export async function ensureDevApiKey(db: Database, stateDir: string, say: (line: string) => void): Promise<string> {
  const path = devApiKeyPath(stateDir);
  const stored = existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
  if (stored && (await findLiveApiKey(db, hashApiKey(stored)))) return stored;
  const key = await issueApiKey(db, { name: `bin-start-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`, role: 'admin' }, 'bin/start');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  say(`created an admin api key in ${path} (readable by you only); use it as: curl -H "Authorization: Bearer $(cat ${path})" ...`);
  return key;
}
