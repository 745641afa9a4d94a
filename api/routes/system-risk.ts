import { z } from 'zod';
import { readBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { readSystemRisk } from '../../infra/db/queries/system-risk';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { SYSTEM_SCOPE } from '../../infra/db/schema';
import { systemRiskSettingsFrom } from '../../infra/orchestration/risk-monitor-start';
import type { ApiDependencies } from '../dependencies';
import { operation, type Operation } from '../operations/operation';

const systemRisk = z.object({
  tradingState: z.object({ state: z.string() }).loose(),
  navUsd: z.number(),
  dailyPnlUsd: z.number(),
  currencyExposuresUsd: z.record(z.string(), z.number()),
  correlations: z.array(z.object({ accounts: z.array(z.string()), correlation: z.number(), intervals: z.number() })),
  correlatedGroups: z.array(z.array(z.string())),
  observations: z.record(z.string(), z.number()),
  limits: z.record(z.string(), z.number()),
  breakers: z.unknown(),
  accounts: z.array(z.object({
    accountId: z.string(), takenAt: z.string(), stale: z.boolean().describe('its reading is older than five monitor intervals: its last known figures still count'),
    navUsd: z.number(), dailyPnlUsd: z.number(), exposuresUsd: z.record(z.string(), z.number()),
  })),
});

/** The risk of every account together, as the system's breakers see it. */
export function systemRiskOperations({ config, database }: ApiDependencies): Operation[] {
  const settings = systemRiskSettingsFrom(config);
  return [
    operation({
      method: 'get', path: '/api/risk', operationId: 'getSystemRisk', tag: 'control', access: 'viewer',
      summary: 'Every account together, from each account\'s latest risk reading of the trading day (flagged stale when old): NAV and the day\'s P/L summed, net exposure per currency, the accounts whose P/L moves together, the system breakers\' observations, limits and board, and each account\'s reading beside them.',
      responses: { 200: { description: 'the system\'s risk', schema: systemRisk } },
      async handle(_input, response) {
        const [figures, tradingState, breakers] = await Promise.all([
          readSystemRisk(database.db, settings, Date.now()), effectiveTradingState(database.db, SYSTEM_SCOPE), readBreakerBoard(database.db, SYSTEM_SCOPE),
        ]);
        const { readings, accounts: _accounts, ...together } = figures;
        response.json({
          tradingState, ...together, breakers,
          limits: Object.fromEntries(Object.entries(settings.breakers).map(([id, breaker]) => [id, breaker.threshold])),
          accounts: readings,
        });
      },
    }),
  ];
}
