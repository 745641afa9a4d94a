import { bigserial, check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Role } from '../../../domain/access/roles';

/**
 * The api's keys: who may call it and with which role. Only a key's SHA-256 is stored (a key is 256 random bits, shown
 * once when it is created); a revoked key stays, so the audit log's names keep meaning something.
 */
export const apiKeys = pgTable('api_keys', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').$type<Role>().notNull(),
  keyHash: text('key_hash').notNull().unique(),
  /** The key's first characters, to tell keys apart in a list. */
  hint: text('hint').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: text('revoked_by'),
}, (table) => [
  check('api_keys_role_check', sql`${table.role} in ('viewer', 'trader', 'admin')`),
]);
