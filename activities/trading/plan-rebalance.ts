import type { Candle, InstrumentName } from '../../domain/market';
import { computeTargetWeights, type WeightingMethod } from '../../domain/portfolio/target-weights';
import { rebalanceOrders, type RebalanceOrder } from '../../domain/portfolio/rebalance-orders';
import { checkPreTrade, openingPart, recordOrderTime, type PreTradeLimits } from '../../domain/risk/pre-trade-checks';
import type { TradingState } from '../../domain/risk/trading-state';
import type { AccountSnapshotResult } from '../broker/account-snapshot';
import { badInput } from '../broker/broker-failure';
import { accountForChecks } from './account-for-checks';
import { alignedReturns } from './returns-from-candles';

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

export interface PlanningRules {
  limits: PreTradeLimits;
  nowMs: number;
  /** Times of the account's orders inside the rate window. */
  recentOrderTimesMs: number[];
}

/**
 * Target weights by the chosen method, the orders that reach them (reducing first), each through pre-trade risk and
 * the rebalance's own notional cap, which (like the exposure limits) counts only what an order opens.
 */
export function planRebalance(input: RebalancePlanInput, rules: PlanningRules): RebalancePlan {
  const account = accountForChecks(input.snapshot);
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
  let orderTimes = rules.recentOrderTimesMs;
  const positions = { ...input.snapshot.positions };
  const orders = planned.map((order): PlannedRebalanceOrder => {
    const quote = input.snapshot.quotes[order.instrument];
    const priceQuote = quote ? (order.units > 0 ? quote.ask : quote.bid) : Number.NaN;
    const decision = checkPreTrade({
      order: { instrument: order.instrument, units: order.units, priceQuote },
      account: { ...account, positions },
      recentOrderTimesMs: orderTimes,
      nowMs: rules.nowMs,
      limits: rules.limits,
      tradingState: input.tradingState,
    });
    const failures = decision.failures.map((f) => `${f.check}: ${f.reason}`);
    const openedNotionalUsd = Math.abs(order.notionalUsd) * (openingPart(positions[order.instrument] ?? 0, order.units) / Math.abs(order.units));
    if (openedNotionalUsd > input.maxOrderNotional) {
      failures.push(`max_order_notional: ${openedNotionalUsd.toFixed(2)} USD opened exceeds this rebalance's limit of ${input.maxOrderNotional} USD`);
    }
    if (failures.length === 0) {
      positions[order.instrument] = (positions[order.instrument] ?? 0) + order.units;
      orderTimes = recordOrderTime(orderTimes, rules.nowMs, rules.limits.orderRateWindowMs);
    }
    return { ...order, failures };
  });
  const totalNotionalUsd = orders.filter((o) => o.failures.length === 0).reduce((sum, o) => sum + Math.abs(o.notionalUsd), 0);
  return { targetWeights, orders, totalNotionalUsd };
}
