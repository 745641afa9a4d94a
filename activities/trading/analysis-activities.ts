import { candleSeriesFromCandles } from '../../domain/backtest/candle-series';
import { instrumentSpec, type Candle, type InstrumentName } from '../../domain/market';
import { findUsdPerUnit, quoteToUsdRate } from '../../domain/money/usd-conversion';
import { computeTargetWeights, type WeightingMethod } from '../../domain/portfolio/target-weights';
import { rebalanceOrders, type RebalanceOrder } from '../../domain/portfolio/rebalance-orders';
import { checkPreTrade, recordOrderTime, type AccountSnapshot, type PreTradeLimits } from '../../domain/risk/pre-trade-checks';
import { isPositionReducing, type TradingState } from '../../domain/risk/trading-state';
import { riskFractionUnits } from '../../domain/sizing/risk-fraction';
import { getStrategy, latestSignal } from '../../domain/strategies';
import type { DatabaseHandle } from '../../infra/db/client';
import { orderTimesSince } from '../../infra/db/queries/orders';
import type { ResolvedStrategy, SignalSummary } from '../../workflows/definitions/analysis-to-trade';
import type { AccountSnapshotResult } from '../broker/broker-activities';
import { badInput } from '../broker/broker-failure';
import { alignedReturns } from './returns-from-candles';

export interface AnalysisActivityDeps {
  database: DatabaseHandle;
  limits: PreTradeLimits;
  /** Share of NAV a trade may lose at its stop. */
  riskFraction: number;
  clock: () => number;
}

export interface SignalCandidate {
  instrument: InstrumentName;
  signal: SignalSummary;
}

export interface SignalAssessment {
  instrument: InstrumentName;
  decision: 'approved' | 'rejected' | 'already_positioned';
  reasons: string[];
  trade?: { units: number; priceQuote: number; stopLossDistance: number; reducing: boolean };
}

export interface RebalancePlanInput {
  method: WeightingMethod;
  weights?: Record<InstrumentName, number>;
  instruments: InstrumentName[];
  snapshot: AccountSnapshotResult;
  /** Candles per instrument, for the methods that weigh by volatility. */
  candles: Record<InstrumentName, Candle[]>;
  driftThreshold: number;
  maxOrderNotional: number;
  tradingState: TradingState;
}

export interface PlannedRebalanceOrder extends RebalanceOrder {
  failures: string[];
}

export interface RebalancePlan {
  targetWeights: Record<InstrumentName, number>;
  orders: PlannedRebalanceOrder[];
  /** Sum of |notionalUsd| of the orders that passed every check. */
  totalNotionalUsd: number;
}

export type AnalysisActivities = ReturnType<typeof createAnalysisActivities>;

/**
 * The pure computation of the trading workflows (strategy, sizing, pre-trade risk, target weights), run as local
 * activities: recorded as markers in the history, without a round trip through a task queue.
 */
export function createAnalysisActivities(deps: AnalysisActivityDeps) {
  const accountFor = (snapshot: AccountSnapshotResult): AccountSnapshot => ({
    navUsd: snapshot.navUsd,
    positions: snapshot.positions,
    pricesMid: snapshot.pricesMid,
    openTradeCount: snapshot.openTradeCount,
    // Realized P/L since the day began is not in the account summary yet; the open positions' P/L stands in for it.
    dailyPnlUsd: snapshot.unrealizedPlUsd,
  });

  const recentOrderTimes = async (accountId: string, nowMs: number) => orderTimesSince(deps.database.db, accountId, nowMs - deps.limits.orderRateWindowMs);

  return {
    async analyzeInstrument(input: { candles: Candle[]; strategy: ResolvedStrategy }): Promise<SignalSummary> {
      const series = candleSeriesFromCandles(input.candles);
      const latest = latestSignal(getStrategy(input.strategy.name), series.mid, input.strategy.params);
      return {
        direction: latest.warmedUp ? latest.direction : 0,
        confidence: latest.warmedUp ? latest.confidence : 0,
        stopDistance: latest.stopDistance,
        candleTimeMs: latest.timeMs,
        priceQuote: series.mid.close[series.length - 1]!,
      };
    },

    /** Sizes each signal to risk a fixed share of NAV at its stop and passes it through every pre-trade check. */
    async assessSignals(input: { accountId: string; candidates: SignalCandidate[]; snapshot: AccountSnapshotResult; tradingState: TradingState }): Promise<SignalAssessment[]> {
      const nowMs = deps.clock();
      const account = accountFor(input.snapshot);
      let orderTimes = await recentOrderTimes(input.accountId, nowMs);
      return input.candidates.map(({ instrument, signal }): SignalAssessment => {
        const currentUnits = input.snapshot.positions[instrument] ?? 0;
        if (Math.sign(currentUnits) === signal.direction) {
          return { instrument, decision: 'already_positioned', reasons: [`already ${currentUnits > 0 ? 'long' : 'short'} ${Math.abs(currentUnits)} units`] };
        }
        const quote = input.snapshot.quotes[instrument];
        if (!quote?.tradeable) return { instrument, decision: 'rejected', reasons: [`no tradeable quote for ${instrument}`] };
        const priceQuote = signal.direction > 0 ? quote.ask : quote.bid;
        const spec = instrumentSpec(instrument);
        const usdPerUnit = findUsdPerUnit(instrument, priceQuote, input.snapshot.pricesMid);
        if (usdPerUnit === undefined) return { instrument, decision: 'rejected', reasons: [`no price converts ${instrument} to USD`] };
        const size = riskFractionUnits({
          equityAccount: account.navUsd,
          riskFraction: deps.riskFraction,
          stopDistancePrice: signal.stopDistance,
          quoteToAccountRate: quoteToUsdRate(instrument, input.snapshot.pricesMid),
          instrument: spec,
        });
        if (size.units === 0) return { instrument, decision: 'rejected', reasons: [`position size is 0: ${size.limitedBy}`] };
        // Sized by risk, then held to the notional and concentration limits, so a good signal trades smaller rather than not at all.
        const capUnits = Math.floor(Math.min(deps.limits.maxNotionalUsd, deps.limits.maxConcentration * account.navUsd) / usdPerUnit);
        const targetUnits = signal.direction * Math.min(size.units, capUnits);
        const units = targetUnits - currentUnits;
        const decision = checkPreTrade({
          order: { instrument, units, priceQuote },
          account,
          recentOrderTimesMs: orderTimes,
          nowMs,
          limits: deps.limits,
          tradingState: input.tradingState,
        });
        const trade = { units, priceQuote, stopLossDistance: signal.stopDistance, reducing: isPositionReducing(currentUnits, units) };
        if (!decision.approved) return { instrument, decision: 'rejected', reasons: decision.failures.map((f) => `${f.check}: ${f.reason}`), trade };
        orderTimes = recordOrderTime(orderTimes, nowMs, deps.limits.orderRateWindowMs);
        return { instrument, decision: 'approved', reasons: [], trade };
      });
    },

    /** Target weights by the chosen method, the orders that reach them (reducing first), each through pre-trade risk. */
    async planRebalance(input: RebalancePlanInput): Promise<RebalancePlan> {
      const nowMs = deps.clock();
      const account = accountFor(input.snapshot);
      let targetWeights: Record<InstrumentName, number>;
      let planned: RebalanceOrder[];
      try {
        const needsReturns = input.method === 'inverse_volatility' || input.method === 'risk_parity';
        targetWeights = computeTargetWeights(input.method, {
          instruments: input.instruments,
          returns: needsReturns ? alignedReturns(input.candles) : undefined,
          targetWeights: input.weights,
        }).weights;
        planned = rebalanceOrders({
          targets: targetWeights,
          positions: input.snapshot.positions,
          prices: input.snapshot.pricesMid,
          navUsd: input.snapshot.navUsd,
          driftThreshold: input.driftThreshold,
          minTradeUnits: 1,
        });
      } catch (error) {
        if (error instanceof Error) throw badInput('INVALID_REBALANCE', `cannot plan the ${input.method} rebalance: ${error.message}`);
        throw error;
      }
      let orderTimes = await recentOrderTimes(input.snapshot.accountId, nowMs);
      const positions = { ...input.snapshot.positions };
      const orders = planned.map((order): PlannedRebalanceOrder => {
        const quote = input.snapshot.quotes[order.instrument];
        const priceQuote = quote ? (order.units > 0 ? quote.ask : quote.bid) : Number.NaN;
        const decision = checkPreTrade({
          order: { instrument: order.instrument, units: order.units, priceQuote },
          account: { ...account, positions },
          recentOrderTimesMs: orderTimes,
          nowMs,
          limits: deps.limits,
          tradingState: input.tradingState,
        });
        const failures = decision.failures.map((f) => `${f.check}: ${f.reason}`);
        if (Math.abs(order.notionalUsd) > input.maxOrderNotional) {
          failures.push(`max_order_notional: ${Math.abs(order.notionalUsd).toFixed(2)} USD exceeds this rebalance's limit of ${input.maxOrderNotional} USD`);
        }
        if (failures.length === 0) {
          positions[order.instrument] = (positions[order.instrument] ?? 0) + order.units;
          orderTimes = recordOrderTime(orderTimes, nowMs, deps.limits.orderRateWindowMs);
        }
        return { ...order, failures };
      });
      const totalNotionalUsd = orders.filter((o) => o.failures.length === 0).reduce((sum, o) => sum + Math.abs(o.notionalUsd), 0);
      return { targetWeights, orders, totalNotionalUsd };
    },
  };
}
