import { ANALYSIS_TO_TRADE_WORKFLOW } from './analysis-to-trade';
import { EVOLUTION_CYCLE_WORKFLOW } from './evolution-cycle';
import { PORTFOLIO_REBALANCE_WORKFLOW } from './portfolio-rebalance';
import { STRATEGY_OPTIMIZATION_WORKFLOW } from './strategy-optimization';

/**
 * The workflow types that answer the status query (workflows/definitions/control.ts) with their stage. Asking any
 * other type costs its worker a workflow task to say it has no such query, so readers of stages ask only these.
 */
export const STAGED_WORKFLOW_TYPES: ReadonlySet<string> = new Set([
  ANALYSIS_TO_TRADE_WORKFLOW, EVOLUTION_CYCLE_WORKFLOW, PORTFOLIO_REBALANCE_WORKFLOW, STRATEGY_OPTIMIZATION_WORKFLOW,
]);
