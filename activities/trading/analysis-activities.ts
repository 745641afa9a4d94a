import type { Candle } from '../../domain/market';
import type { PreTradeLimits } from '../../domain/risk/pre-trade-checks';
import type { DatabaseHandle } from '../../infra/db/client';
import { orderTimesSince } from '../../infra/db/queries/orders';
import type { ResolvedStrategy, SignalSummary } from '../../workflows/definitions/analysis-to-trade';
import { assessSignals, type AssessSignalsInput, type SignalAssessment } from './assess-signals';
import { planRebalance, type RebalancePlan, type RebalancePlanInput } from './plan-rebalance';
import { summarizeSignal } from './signal-summary';

export type { SignalAssessment, SignalCandidate } from './assess-signals';
export type { PlannedRebalanceOrder, RebalancePlan, RebalancePlanInput } from './plan-rebalance';

export interface AnalysisActivityDeps {
  database: DatabaseHandle;
  /** The account's limits: its own where it sets them, the deployment's otherwise. */
  limits: (accountId: string) => PreTradeLimits;
  /** Share of NAV a trade may lose at its stop. */
  riskFraction: number;
  clock: () => number;
}

export type AnalysisActivities = ReturnType<typeof createAnalysisActivities>;

/**
 * The computation of the trading workflows (strategy, sizing, pre-trade risk, target weights), run as local
 * activities: recorded as markers in the history, without a round trip through a task queue. The maths is in
 * domain/; these add the clock and the account's recent order times.
 */
export function createAnalysisActivities(deps: AnalysisActivityDeps) {
  const rulesNow = async (accountId: string) => {
    const nowMs = deps.clock();
    const limits = deps.limits(accountId);
    return { limits, nowMs, recentOrderTimesMs: await orderTimesSince(deps.database.db, accountId, nowMs - limits.orderRateWindowMs) };
  };

  return {
    /** Runs analysisToTrade histories from before analyzeMarket (which fetches and analyses in one step) still replay. */
    async analyzeInstrument(input: { candles: Candle[]; strategy: ResolvedStrategy }): Promise<SignalSummary> {
      return summarizeSignal(input.candles, input.strategy);
    },

    async assessSignals(input: AssessSignalsInput): Promise<SignalAssessment[]> {
      return assessSignals(input, { ...(await rulesNow(input.accountId)), riskFraction: deps.riskFraction });
    },

    async planRebalance(input: RebalancePlanInput): Promise<RebalancePlan> {
      return planRebalance(input, await rulesNow(input.snapshot.accountId));
    },
  };
}
