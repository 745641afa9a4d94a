import type { InstrumentName } from '../../domain/market';
import { accountRiskFigures } from '../../domain/risk/account-risk-figures';
import { evaluateBreakers } from '../../domain/risk/circuit-breakers';
import type { DatabaseHandle } from '../../infra/db/client';
import { updateBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { insertRiskSnapshot } from '../../infra/db/queries/risk-snapshots';
import { accountDailyPnl } from '../../infra/db/queries/trading-day';
import type { RiskMonitorCarry, RiskMonitorLimits, RiskReading } from '../../workflows/definitions/risk-monitor';
import type { AccountBrokers } from '../../infra/broker/account-brokers';
import { brokerFor } from '../broker/account-broker';
import { callBroker } from '../broker/broker-failure';
import { instrumentsWithUsdConversions } from '../broker/usd-conversion-pairs';
import { alignedReturns } from '../trading/returns-from-candles';
import { currentWorkflowExecution } from '../workflow-execution';

export interface RiskMonitorActivityDeps {
  database: DatabaseHandle;
  brokers: AccountBrokers;
  clock: () => number;
  /** The account's, read at every reading, so a changed limit applies from the next one without restarting the monitor. */
  riskLimits: (accountId: string) => RiskMonitorLimits;
}

/** Hourly closes over about ten trading days: the history the monitor's historical VaR replays. */
const VAR_HISTORY_CANDLES = 241;

export type RiskMonitorActivities = ReturnType<typeof createRiskMonitorActivities>;

export function createRiskMonitorActivities({ database, brokers, clock, riskLimits }: RiskMonitorActivityDeps) {
  return {
    /**
     * Measures the account, stores the snapshot, and feeds the breakers (board, state and audit in one transaction),
     * under the limits configured now: limits in the input (monitors started before limits were read each reading) are ignored.
     */
    async measureAccountRisk(input: { accountId: string; limits?: RiskMonitorLimits; carry?: RiskMonitorCarry }): Promise<RiskReading> {
      const broker = brokerFor(brokers, input.accountId);
      const { workflowId, runId } = currentWorkflowExecution();
      const nowMs = clock();
      const limits = riskLimits(input.accountId);
      const [summary, open] = await callBroker(() => Promise.all([broker.accountSummary(), broker.openPositions()]));
      const positionUnits: Record<InstrumentName, number> = Object.fromEntries(open.filter((p) => p.netUnits !== 0).map((p) => [p.instrument, p.netUnits]));
      const held = Object.keys(positionUnits);
      const quotes = held.length > 0 ? await callBroker(() => broker.prices(instrumentsWithUsdConversions(held))) : [];
      const candles = await Promise.all(held.map((instrument) => callBroker(() => broker.candles({ instrument, granularity: 'H1', count: VAR_HISTORY_CANDLES }))));
      const daily = await accountDailyPnl(database.db, input.accountId, summary, nowMs, 'risk-monitor');
      const carry: RiskMonitorCarry = { tradingDay: daily.mark.dayStart.toISOString(), dayStartNavUsd: daily.mark.navUsd, peakNavUsd: input.carry?.peakNavUsd ?? summary.nav };
      const figures = accountRiskFigures({
        navUsd: summary.nav, dailyPnlUsd: daily.dailyPnlUsd, peakNavUsd: carry.peakNavUsd, positionUnits,
        pricesMid: Object.fromEntries(quotes.map((q) => [q.instrument, (q.bid + q.ask) / 2])),
        returns: alignedReturns(Object.fromEntries(held.map((instrument, i) => [instrument, candles[i]!.filter((c) => c.complete)]))),
      });
      await insertRiskSnapshot(database.db, {
        accountId: input.accountId, takenAt: new Date(nowMs), navUsd: figures.navUsd, grossExposureUsd: figures.grossExposureUsd, netExposureUsd: figures.netExposureUsd,
        largestConcentration: figures.largestConcentration, var95Usd: figures.var95Usd, var99Usd: figures.var99Usd, es95Usd: figures.es95Usd, es99Usd: figures.es99Usd,
        dailyPnlUsd: figures.dailyPnlUsd, drawdown: figures.drawdown, workflowId,
        details: {
          exposuresUsd: figures.exposuresUsd, varMethod: 'historical', varHistory: `H1 x ${VAR_HISTORY_CANDLES - 1} returns`, observations: figures.observations,
          dailyPnl: { realizedSinceDayStartUsd: daily.realizedSinceDayStartUsd, unrealizedAtDayStartUsd: daily.unrealizedAtDayStartUsd, markedAt: daily.mark.recordedAt, markedBy: daily.mark.recordedBy },
          limits,
        },
      });
      const evaluated = await updateBreakerBoard(database.db, input.accountId, { actor: 'risk-monitor', workflowId, runId },
        (board) => evaluateBreakers(board, figures.observations, nowMs, limits.breakers));
      const severe = [
        -figures.dailyPnlUsd >= limits.severeDailyLossUsd ? `daily loss ${-figures.dailyPnlUsd} USD >= ${limits.severeDailyLossUsd}` : undefined,
        figures.drawdown >= limits.severeDrawdown ? `drawdown ${figures.drawdown} >= ${limits.severeDrawdown}` : undefined,
      ].filter((reason) => reason !== undefined);
      return {
        takenAtMs: nowMs, carry: { ...carry, peakNavUsd: figures.peakNavUsd }, navUsd: figures.navUsd, grossExposureUsd: figures.grossExposureUsd,
        netExposureUsd: figures.netExposureUsd, exposuresUsd: figures.exposuresUsd, largestConcentration: figures.largestConcentration,
        var95Usd: figures.var95Usd, var99Usd: figures.var99Usd, es95Usd: figures.es95Usd, es99Usd: figures.es99Usd,
        dailyPnlUsd: figures.dailyPnlUsd, drawdown: figures.drawdown, tradingState: evaluated.tradingState, breakerEvents: evaluated.events,
        severeBreach: severe.length > 0 ? severe.join('; ') : undefined,
      };
    },
  };
}
