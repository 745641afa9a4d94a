import { z } from 'zod';
import type { AccountLimitOverrides } from '../../domain/risk/account-limits';

/** One account as the configuration names it, before its credential is read. */
export interface ConfiguredAccount {
  id: string;
  alias?: string;
  /** The environment variable holding its token; unset, the venue's own (BROKER_TOKEN or OANDA_API_KEY). */
  credential?: string;
  limits: AccountLimitOverrides;
}

const positive = z.number().positive();
const accountSchema = z.strictObject({
  id: z.string().regex(/^\d{3}-\d{3}-\d+-\d{3}$/, 'expected an OANDA account id such as 101-001-1234567-001'),
  alias: z.string().min(1).max(80).optional(),
  credential: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable holding the token').optional(),
  limits: z.strictObject({
    maxUnits: positive.int().optional(),
    maxNotionalUsd: positive.optional(),
    maxConcentration: positive.optional(),
    maxOpenTrades: positive.int().optional(),
    maxDailyLossUsd: positive.optional(),
    maxOrdersPerWindow: positive.int().optional(),
  }).default({}),
});
const accountsSchema = z.array(accountSchema).min(1, 'list at least one account')
  .refine((list) => new Set(list.map((account) => account.id)).size === list.length, 'account ids must be unique');

/**
 * The accounts a deployment trades, from BROKER_ACCOUNTS (a JSON list with each account's alias, credential and limit
 * overrides) or from a plain comma-separated list of ids (`idsVariable`); the singular `idVariable` is the one-account
 * form. Answers undefined when none is set (the caller's default applies); throws a message naming the variable.
 */
export function configuredAccounts(env: Record<string, string | undefined>, idsVariable: string, idVariable: string): ConfiguredAccount[] | undefined {
  const json = read(env, 'BROKER_ACCOUNTS');
  const ids = read(env, idsVariable);
  const id = read(env, idVariable);
  const given = [json && 'BROKER_ACCOUNTS', ids && idsVariable, id && idVariable].filter(Boolean);
  if (given.length > 1) throw new Error(`set one of ${given.join(', ')}: each lists the accounts traded`);
  if (json) return parseAccountsJson(json);
  const list = ids ? ids.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '') : id ? [id] : undefined;
  if (!list) return undefined;
  const parsed = accountsSchema.safeParse(list.map((entry) => ({ id: entry })));
  if (!parsed.success) throw new Error(`${ids ? idsVariable : idVariable}: ${parsed.error.issues[0]!.message}, got ${JSON.stringify(ids ?? id)}`);
  return parsed.data;
}

function parseAccountsJson(text: string): ConfiguredAccount[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`BROKER_ACCOUNTS: not JSON (${(error as Error).message})`);
  }
  const parsed = accountsSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `BROKER_ACCOUNTS${issue.path.map((part) => `[${JSON.stringify(part)}]`).join('')}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

/** A variable's trimmed value; empty counts as unset. */
export function read(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}
