import type { InstrumentName } from '../../domain/market';
import type { WeightingMethod } from '../../domain/portfolio/target-weights';

/** What the api passes to, queries from, and gets back from the portfolioRebalance workflow. */
export const PORTFOLIO_REBALANCE_WORKFLOW = 'portfolioRebalance';

export interface PortfolioRebalanceInput {
  accountId: string;
  method: WeightingMethod;
  /** Required for target_weights: signed weights of NAV. */
  weights?: Record<InstrumentName, number>;
  /** The portfolio's universe besides what is held and what `weights` names. */
  instruments?: InstrumentName[];
  /** Largest tolerated |target - current| weight before an instrument is traded. */
  driftThreshold: number;
  /** No single order may exceed this USD notional; larger ones are refused and recorded. */
  maxOrderNotional: number;
  /** Above this total USD notional the plan waits for an approve or reject signal. */
  approvalThresholdUsd: number;
  /** How long to wait for approval before the plan counts as rejected. */
  approvalTimeoutMs: number;
  requestedBy?: string;
}

export type RebalanceStage = 'analyzing' | 'planning' | 'awaiting_approval' | 'executing' | 'reconciling' | 'recording' | 'done';

export type RebalanceOrderStatus = 'planned' | 'refused' | 'filled' | 'failed' | 'not_attempted';

export interface RebalanceOrderOutcome {
  instrument: InstrumentName;
  clientOrderId: string;
  units: number;
  notionalUsd: number;
  reducing: boolean;
  reason: string;
  status: RebalanceOrderStatus;
  failures: string[];
  filledUnits?: number;
  fillPriceQuote?: number;
  brokerOrderId?: string;
}

export type RebalanceOutcome = 'in_balance' | 'rebalanced' | 'partially_rebalanced' | 'refused' | 'rejected' | 'approval_timed_out' | 'failed';

export interface PositionDifference {
  instrument: InstrumentName;
  expectedUnits: number;
  brokerUnits: number;
}

export interface RebalanceApproval {
  decision: 'approved' | 'rejected' | 'timed_out' | 'not_needed';
  by?: string;
  reason?: string;
}

export interface PortfolioRebalanceStatus {
  stage: RebalanceStage;
  /** Absent in runs started before it was reported. */
  accountId?: string;
  /** While awaiting approval: when the plan counts as rejected without an answer (ISO 8601). */
  approvalDeadline?: string;
  targetWeights?: Record<InstrumentName, number>;
  totalNotionalUsd?: number;
  approval?: RebalanceApproval;
  orders: RebalanceOrderOutcome[];
}

export interface PortfolioRebalanceResult {
  outcome: RebalanceOutcome;
  navUsd: number;
  targetWeights: Record<InstrumentName, number>;
  totalNotionalUsd: number;
  approval: RebalanceApproval;
  orders: RebalanceOrderOutcome[];
  /** Instruments where the broker's position after execution differs from what the filled orders imply. */
  reconciliationDifferences: PositionDifference[];
  /** Why the plan or its execution stopped short, and data problems met on the way. */
  reasons: string[];
}
