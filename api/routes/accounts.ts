import { z } from 'zod';
import { findAccount, listAccounts, setAccountEnabled } from '../../infra/db/queries/accounts';
import { latestRiskSnapshot, navSeries } from '../../infra/db/queries/risk-snapshots';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { preTradeLimitsFrom } from '../../infra/orchestration/trading-limits';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';
import { accountId, note, text } from '../schemas/common';
import { knownAccount, unknownAccount } from './known-account';

const EQUITY_POINTS = 500;
const account = z.object({
  id: z.string(), venue: z.string(), alias: z.string().nullable(), currency: z.string(), enabled: z.boolean(),
  credential: z.string().nullable().describe('the environment variable its token is read from'),
  limitOverrides: z.record(z.string(), z.number()).describe('its own limits over the deployment\'s'),
});
const enablementRequest = z.strictObject({ reason: text(500), by: note });
const accountPath = z.strictObject({ accountId });
const notInRegistry = { 404: { description: 'the account is not in the registry' } };
const equityQuery = z.strictObject({ hours: z.coerce.number().int().min(1).max(24 * 90).default(24) });

const accountDetail = account.extend({
  tradingState: z.object({ state: z.string() }).loose(),
  navUsd: z.number().nullable(),
  navReadAt: z.string().nullable(),
  limits: z.record(z.string(), z.number()),
  tradedByThisDeployment: z.boolean(),
});

/** The accounts the product knows, each one's standing, and its NAV over time as the risk monitor read it. */
export function accountOperations({ config, database }: ApiDependencies): Operation[] {
  const { db } = database;
  /** disable: HALTED for both paths at once (no new order; positions stay, an emergency stop still closes them); enable undoes it. */
  const enablement = (action: 'enable' | 'disable') => operation({
    method: 'post', path: `/api/accounts/:accountId/${action}`, operationId: `${action}Account`, tag: 'control', access: 'admin',
    summary: action === 'disable'
      ? 'Disables the account: HALTED for both paths at once (no new order), its positions kept and still watched by its risk monitor; audited as the caller. Resume does not undo it; enable does.'
      : 'Enables a disabled account: it trades again unless another restriction (a stop, a breaker) still holds; audited as the caller.',
    params: accountPath, body: enablementRequest,
    responses: {
      200: { description: 'the account\'s standing now (changed is false when it already was so)', schema: z.object({ accountId: z.string(), enabled: z.boolean(), changed: z.boolean(), tradingState: z.object({ state: z.string() }).loose() }) },
      ...notInRegistry,
    },
    async handle({ params, body, identity }, response) {
      const result = await setAccountEnabled(db, params.accountId, action === 'enable', { actor: identity.name, reason: body.reason, note: body.by });
      if (!result) throw unknownAccount(params.accountId);
      response.json({ accountId: params.accountId, enabled: action === 'enable', changed: result.changed, tradingState: await effectiveTradingState(db, params.accountId) });
    },
  });

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
      method: 'get', path: '/api/accounts/:accountId', operationId: 'getAccount', tag: 'records', access: 'viewer',
      summary: 'One account: its registry entry, trading state, NAV at the risk monitor\'s last reading, the pre-trade limits that apply to it, and whether this deployment trades it.',
      params: accountPath,
      responses: { 200: { description: 'the account', schema: accountDetail }, ...notInRegistry },
      async handle({ params }, response) {
        const entry = await findAccount(db, params.accountId);
        if (!entry) throw unknownAccount(params.accountId);
        const [tradingState, snapshot] = await Promise.all([effectiveTradingState(db, entry.id), latestRiskSnapshot(db, entry.id)]);
        response.json({
          ...entry, tradingState, navUsd: snapshot?.navUsd ?? null, navReadAt: snapshot?.takenAt.toISOString() ?? null,
          limits: preTradeLimitsFrom(config, entry.id), tradedByThisDeployment: config.broker.accounts.some((traded) => traded.id === entry.id),
        });
      },
    }),
    enablement('enable'),
    enablement('disable'),
    operation({
      method: 'get', path: '/api/accounts/:accountId/equity', operationId: 'getAccountEquity', tag: 'records', access: 'viewer',
      summary: `NAV (USD) over the last \`hours\` (24 by default), from the risk monitor's readings: at most ${EQUITY_POINTS} points, the last reading of each equal slice of the span from the window's first reading to now.`,
      params: accountPath, query: equityQuery,
      responses: { 200: { description: 'oldest first', schema: z.object({ accountId: z.string(), points: z.array(z.object({ at: z.string(), navUsd: z.number() })) }) }, ...notInRegistry },
      async handle({ params, query }, response) {
        await knownAccount(db, params.accountId);
        const nowMs = Date.now();
        response.json({ accountId: params.accountId, points: await navSeries(db, params.accountId, nowMs - query.hours * 3_600_000, nowMs, EQUITY_POINTS) });
      },
    }),
  ];
}
