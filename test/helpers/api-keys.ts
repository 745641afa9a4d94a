import type { Role } from '../../domain/access/roles';
import { issueApiKey } from '../../infra/auth/issue-api-key';
import type { Database } from '../../infra/db/client';

/** A key for the api under test, as `bin/admin keys create` makes one. */
export function issueTestKey(db: Database, name: string, role: Role = 'admin'): Promise<string> {
  return issueApiKey(db, { name, role }, 'test');
}

export const bearer = (key: string): { authorization: string } => ({ authorization: `Bearer ${key}` });
