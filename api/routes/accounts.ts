import { z } from 'zod';
import { listAccounts } from '../../infra/db/queries/accounts';
import { navSeries } from '../../infra/db/queries/risk-snapshots';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';
import { accountId } from '../schemas/common';
import { knownAccount } from './known-account';

const EQUITY_POINTS = 500;
const account = z.object({ id: z.string(), venue: z.string(), alias: z.string().nullable(), currency: z.string() });
const equityQuery = z.strictObject({ hours: z.coerce.number().int().min(1).max(24 * 90).default(24) });

/** The accounts the product knows, and each one's NAV over time as the risk monitor read it. */
export function accountOperations({ database }: ApiDependencies): Operation[] {
  const { db } = database;
  return [
    operation({
      method: 'get', path: '/api/accounts', operationId: 'listAccounts', tag: 'records', access: 'viewer',
      summary: 'The accounts in the registry.',
      responses: { 200: { description: 'every account', schema: z.object({ items: z.array(account) }) } },
      async handle(_input, response) {
        response.json({ items: await listAccounts(db) });
      },
    }),
    operation({
      method: 'get', path: '/api/accounts/:accountId/equity', operationId: 'getAccountEquity', tag: 'records', access: 'viewer',
      summary: `NAV (USD) over the last \`hours\` (24 by default), from the risk monitor's readings: at most ${EQUITY_POINTS} points, the last reading of each equal slice of the window.`,
      params: z.strictObject({ accountId }), query: equityQuery,
      responses: { 200: { description: 'oldest first', schema: z.object({ accountId: z.string(), points: z.array(z.object({ at: z.string(), navUsd: z.number() })) }) }, 404: { description: 'the account is not in the registry' } },
      async handle({ params, query }, response) {
        await knownAccount(db, params.accountId);
        const nowMs = Date.now();
        response.json({ accountId: params.accountId, points: await navSeries(db, params.accountId, nowMs - query.hours * 3_600_000, nowMs, EQUITY_POINTS) });
      },
    }),
  ];
}
