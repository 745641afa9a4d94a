/** What the decision engine is configured with, what it is fed, and what it returns. */
import type { MarketOrderRequest } from '../broker/order';
import type { Granularity, InstrumentName } from '../market';
import type { BreakerBoard, BreakerEvent, BreakerId, BreakersConfig } from '../risk/circuit-breakers';
import type { PreTradeFailure, PreTradeLimits } from '../risk/pre-trade-checks';
import type { TradingState } from '../risk/trading-state';
import type { SizeClip } from '../sizing/clip-to-limits';
import type { ParameterValues } from '../strategies/parameter-space';
import type { Direction, StrategyDefinition } from '../strategies/types';

export interface EngineInstrumentConfig {
  instrument: InstrumentName;
  granularity: Granularity;
  /** Name in the strategy registry; its parameters arrive through activateParams. */
  strategy: string;
}

export interface DecisionEngineConfig {
  accountId: string;
  instruments: readonly EngineInstrumentConfig[];
  /** Share of equity lost if a stop is hit; sizes every entry (as the backtester does). */
  riskFraction: number;
  limits: PreTradeLimits;
  breakers: BreakersConfig;
  /** Take profit at this many stop distances from the entry; none when absent. */
  takeProfitStopMultiple?: number;
  /** Mid bars kept per instrument to warm up a strategy after a parameter switch. Default 1000. */
  retainedBars?: number;
  /** The trading day, which daily P/L counts, starts at this UTC hour. Default 21 (17:00 New York, summer time). */
  tradingDayStartUtcHour?: number;
  /** onClock completes a bar this long after its bucket ended if no tick has done so. Default 2000 ms. */
  clockFlushDelayMs?: number;
  /** Where strategy names are looked up. Default: the registry (getStrategy). */
  resolveStrategy?: (name: string) => StrategyDefinition<ParameterValues>;
}

/** The venue's answer to an intent, or a stop-loss/take-profit the venue filled on its own. */
export interface FillReport {
  instrument: InstrumentName;
  /** Signed units filled. */
  units: number;
  priceQuote: number;
  /** Realized P/L of the closing part, in the account currency (USD), as the venue reports it. */
  realizedPlAccount: number;
  timeMs: number;
  /** The intent's id; absent for stop-loss and take-profit fills, which are the venue's own orders. */
  clientOrderId?: string;
  reason: 'order' | 'stop-loss' | 'take-profit' | 'external';
}

export interface OrderRejection {
  clientOrderId: string;
  instrument: InstrumentName;
  reason: string;
  timeMs: number;
}

export interface ReconciledPosition {
  instrument: InstrumentName;
  units: number;
  averagePriceQuote: number;
}

/** The account as rebuilt from the broker and Postgres at start-up; trading starts only after this arrives. */
export interface ReconciledAccount {
  /** Realized balance in USD (NAV minus open P/L). */
  balanceUsd: number;
  positions: readonly ReconciledPosition[];
  openTradeCount: number;
  /** Realized P/L since the trading day started. */
  dailyRealizedPnlUsd: number;
  /** Times of orders sent inside the rate window, so a restart does not reset the order-rate limit. */
  recentOrderTimesMs?: readonly number[];
  /** The engine's breakers as last persisted, so a restart does not re-arm a latched breaker. */
  breakerBoard?: BreakerBoard;
}

export type OrderPurpose = 'open' | 'close' | 'reverse' | 'reduce' | 'increase';

export interface OrderIntent {
  clientOrderId: string;
  accountId: string;
  instrument: InstrumentName;
  /** Signed units to trade: targetUnits − positionUnitsBefore. */
  units: number;
  positionUnitsBefore: number;
  targetUnits: number;
  purpose: OrderPurpose;
  /** Start time of the bar the decision was made on. */
  barTimeMs: number;
  decidedAtMs: number;
  /** The price the engine expects to trade at: the ask for a buy, the bid for a sell, at decision time. */
  referencePriceQuote: number;
  /** Protective stop distance of the position opened; NaN when the order only closes. */
  stopDistanceQuote: number;
  /** NaN without a take-profit or when the order only closes. */
  takeProfitPriceQuote: number;
  strategy: string;
  paramsVersion: string;
  /** What to hand to Broker.placeOrder, prices rounded to the instrument's precision. */
  request: MarketOrderRequest;
}

export type DecisionOutcome = 'hold' | 'order' | 'rejected' | 'skipped';

export type SkipReason = 'no-params' | 'not-reconciled' | 'warming-up' | 'order-in-flight' | 'not-tradeable' | 'price-unavailable';

/** One record per completed bar per instrument: what the strategy said and what the engine did about it. */
export interface Decision {
  accountId: string;
  instrument: InstrumentName;
  barTimeMs: number;
  decidedAtMs: number;
  /** Empty before any parameters were activated. */
  strategy: string;
  paramsVersion: string;
  direction: Direction;
  confidence: number;
  stopDistanceQuote: number;
  positionUnits: number;
  tradingState: TradingState;
  outcome: DecisionOutcome;
  skipReason?: SkipReason;
  /** For a hold: why no order although the direction changed (e.g. the size came out 0), when that is the case. */
  note?: string;
  /** The risk-sized target was cut to fit the pre-trade limits and the margin available: by which, from what to what. */
  clip?: { fromUnits: number; toUnits: number; clippedBy: readonly SizeClip[] };
  failures?: readonly PreTradeFailure[];
  intent?: OrderIntent;
}

export interface Escalation {
  breaker: BreakerId;
  reason: string;
  atMs: number;
  tradingState: TradingState;
}

export type EngineEvent =
  | { type: 'decision'; decision: Decision }
  | { type: 'breaker'; event: BreakerEvent }
  /** A breaker tripped to HALTED: the shell starts the emergencyStop workflow, fire-and-forget. */
  | { type: 'escalation'; escalation: Escalation };

/** Returned when an input changed nothing worth recording; shared, so the steady state allocates nothing. */
export const NO_EVENTS: readonly EngineEvent[] = Object.freeze([]);
