import { z } from 'zod';
import { MISMATCH_STATUSES } from '../../domain/reconciliation/explain-positions';
import { acceptMismatch, listMismatches, reconciliationStatuses } from '../../infra/db/queries/reconciliation';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import { accountId, positiveInt32, text } from '../schemas/common';
import { knownAccount } from './known-account';

const mismatch = z.object({ id: z.number().int(), accountId: z.string(), kind: z.string(), instrument: z.string(), status: z.string() }).loose();
const mismatchQuery = z.strictObject({ accountId: accountId.optional(), status: z.enum(MISMATCH_STATUSES).default('open') });
const acceptRequest = z.strictObject({ reason: text(500) });

/** What the continuous reconciler found, per account, and the admin's way to take the broker's figure as the book's. */
export function reconciliationOperations({ database, config }: ApiDependencies): Operation[] {
  const { db } = database;
  return [
    operation({
      method: 'get', path: '/api/reconciliation', operationId: 'getReconciliation', tag: 'records', access: 'viewer',
      summary: 'Per account: the reconciler\'s last run, orders settled and fills recorded in total, and the mismatches still open.',
      responses: { 200: { description: 'one entry per account the reconciler has run for', schema: z.object({ intervalMs: z.number(), accounts: z.array(z.object({ accountId: z.string() }).loose()) }) } },
      async handle(_input, response) {
        const [statuses, open] = await Promise.all([reconciliationStatuses(db), listMismatches(db, { status: 'open' })]);
        response.json({
          intervalMs: config.RECONCILER_INTERVAL_MS,
          accounts: statuses.map((status) => ({ ...status, mismatches: open.filter((row) => row.accountId === status.accountId) })),
        });
      },
    }),
    operation({
      method: 'get', path: '/api/reconciliation/mismatches', operationId: 'listMismatches', tag: 'records', access: 'viewer',
      summary: 'Mismatches by status (open by default): unexplained trades and instruments whose units differ from the books.',
      query: mismatchQuery,
      responses: { 200: { description: 'oldest first, at most 500', schema: z.object({ items: z.array(mismatch) }) }, 404: { description: 'the account is not in the registry' } },
      async handle({ query }, response) {
        if (query.accountId) await knownAccount(db, query.accountId);
        response.json({ items: await listMismatches(db, query) });
      },
    }),
    operation({
      method: 'post', path: '/api/reconciliation/mismatches/:id/accept', operationId: 'acceptMismatch', tag: 'control', access: 'admin',
      summary: 'Takes the broker\'s figure as the book\'s: the trade counts as explained, or the units difference becomes a book adjustment. Audited.',
      params: z.strictObject({ id: positiveInt32 }), body: acceptRequest,
      responses: {
        200: { description: 'accepted', schema: mismatch },
        404: { description: 'no such mismatch' },
        409: { description: 'the mismatch is not open' },
      },
      async handle({ params, body, identity }, response) {
        const result = await acceptMismatch(db, params.id, identity.name, body.reason);
        if (!result.ok) throw new HttpError(result.status, result.reason);
        response.json(result.mismatch);
      },
    }),
  ];
}
