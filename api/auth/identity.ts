import type { Role } from '../../domain/access/roles';

/** Who is calling, from the credential the request carried (never from its body). */
export interface Identity {
  /** What the audit log records as the actor: the api key's name, or `jwt:<subject>` for a token. */
  name: string;
  role: Role;
  via: 'api-key' | 'jwt';
}
