import { boolean, check, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { AccountLimitOverrides } from '../../../domain/risk/account-limits';
import { sql } from 'drizzle-orm';

export const VENUES = ['sim', 'practice', 'live'] as const;
export type Venue = (typeof VENUES)[number];

/** Broker accounts the product knows and may trade. The id is the broker's account id. */
export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  venue: text('venue').$type<Venue>().notNull(),
  alias: text('alias'),
  /** The account's own (home) currency at the broker. */
  currency: text('currency').notNull().default('USD'),
  /** In USD, as the product measures money (an account kept in another currency: at the rate when first recorded). */
  openingBalance: numeric('opening_balance', { mode: 'number' }),
  /** A disabled account is HALTED for both paths (no new order), its positions kept, until an admin enables it. */
  enabled: boolean('enabled').notNull().default(true),
  /** The environment variable its token is read from (the token itself is never stored). */
  credential: text('credential'),
  /** Limits of its own over the deployment's, as configured (BROKER_ACCOUNTS); recorded by the worker at start. */
  limitOverrides: jsonb('limit_overrides').$type<AccountLimitOverrides>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  check('accounts_venue_check', sql`${table.venue} in ('sim', 'practice', 'live')`),
]);
