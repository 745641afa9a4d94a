export { BarHistory } from './bar-history';
export { hotPathClientOrderId } from './client-order-id';
export { DecisionEngine } from './decision-engine';
export {
  NO_EVENTS,
  type Decision, type DecisionEngineConfig, type DecisionOutcome, type EngineEvent, type EngineInstrumentConfig, type Escalation, type FillReport,
  type OrderIntent, type OrderPurpose, type OrderRejection, type ReconciledAccount, type ReconciledPosition, type SkipReason,
} from './engine-types';
export { marketOrderRequest, orderPurpose } from './order-intent';
export { applyFill, flatPosition, unrealizedProfit, type NetPosition } from './position-book';
export { ReplayVenue, type ReplayTrade } from './replay-venue';
export { emptyBidAskBar, TickBarAggregator, type BidAskBar } from './tick-bar-aggregator';
