import type { ParameterValues } from '../../domain/strategies';
import type { Granularity, InstrumentName } from '../../domain/market';

/** What the api passes to, queries from, and gets back from the analysisToTrade workflow. */
export const ANALYSIS_TO_TRADE_WORKFLOW = 'analysisToTrade';

export interface StrategyChoice {
  name: string;
  /** Explicit parameters, or 'active' for the strategy's active strategy_params version. */
  params: ParameterValues | 'active';
}

export interface AnalysisToTradeInput {
  accountId: string;
  instruments: InstrumentName[];
  strategy: StrategyChoice;
  granularity: Granularity;
  /** Complete candles the strategy is run over. */
  lookback: number;
  /** False analyses, validates and records but places nothing. */
  execute: boolean;
  /** Signals below this confidence are recorded but not traded; 0..1. */
  minConfidence: number;
  requestedBy?: string;
}

export interface ResolvedStrategy {
  name: string;
  params: ParameterValues;
  /** The strategy_params version, when the parameters came from there. */
  paramsVersion?: number;
  warmupBars: number;
}

export type AnalysisStage = 'resolving_strategy' | 'fetching_market_data' | 'analyzing' | 'validating' | 'executing' | 'recording' | 'done';

export type InstrumentStatus =
  | 'pending'
  | 'skipped'
  | 'no_signal'
  | 'below_threshold'
  | 'market_closed'
  | 'rejected'
  | 'approved'
  | 'executed'
  | 'order_failed'
  | 'not_executed';

export interface SignalSummary {
  direction: -1 | 0 | 1;
  confidence: number;
  stopDistance: number;
  candleTimeMs: number;
  priceQuote: number;
}

export interface ProposedTrade {
  clientOrderId: string;
  units: number;
  priceQuote: number;
  stopLossDistance?: number;
}

export interface PlacedOrderSummary {
  clientOrderId: string;
  brokerOrderId: string;
  units: number;
  filledUnits: number;
  fillPriceQuote?: number;
  existing: boolean;
}

export interface InstrumentOutcome {
  instrument: InstrumentName;
  status: InstrumentStatus;
  reasons: string[];
  signal?: SignalSummary;
  trade?: ProposedTrade;
  order?: PlacedOrderSummary;
}

export type AnalysisOutcome =
  | 'no_signal'
  | 'risk_rejected'
  | 'market_closed'
  | 'not_executed'
  | 'executed'
  | 'partially_executed'
  | 'order_failed'
  | 'cancelled'
  | 'halted';

export interface AnalysisToTradeStatus {
  stage: AnalysisStage;
  cancelRequested: boolean;
  strategy?: ResolvedStrategy;
  instruments: InstrumentOutcome[];
}

export interface AnalysisToTradeResult {
  outcome: AnalysisOutcome;
  strategy: ResolvedStrategy;
  instruments: InstrumentOutcome[];
  cancelledBy?: string;
}
