import type { Role } from '../../domain/access/roles';
import type { Database } from '../db/client';
import { insertApiKey } from '../db/queries/api-keys';
import { apiKeyHint, generateApiKey, hashApiKey } from './api-key-secret';

/** Creates a key and stores only its hash; the key itself is returned once, to be handed to its holder. */
export async function issueApiKey(db: Database, request: { name: string; role: Role }, actor: string): Promise<string> {
  const key = generateApiKey();
  await insertApiKey(db, { name: request.name, role: request.role, keyHash: hashApiKey(key), hint: apiKeyHint(key) }, actor);
  return key;
}
