import type { Sinks } from '@temporalio/workflow';
import { ANALYSIS_TO_TRADE_WORKFLOW } from './analysis-to-trade';
import { ARCHIVE_MONEY_PARTITION_WORKFLOW } from './archive-money-partition';
import { DELIVER_NOTIFICATION_WORKFLOW } from './deliver-notification';
import { EMERGENCY_STOP_WORKFLOW } from './emergency-stop';
import { EVOLUTION_CYCLE_WORKFLOW } from './evolution-cycle';
import { HEALTH_CHECK_WORKFLOW } from './health-check';
import { PORTFOLIO_REBALANCE_WORKFLOW } from './portfolio-rebalance';
import { RECONCILER_WORKFLOW } from './reconciler';
import { RETENTION_CYCLE_WORKFLOW } from './retention-cycle';
import { RISK_MONITOR_WORKFLOW } from './risk-monitor';
import { STRATEGY_OPTIMIZATION_WORKFLOW } from './strategy-optimization';

/** Every workflow type the orchestration worker registers (workflows/index.ts). */
export const WORKFLOW_TYPES = [
  ANALYSIS_TO_TRADE_WORKFLOW, ARCHIVE_MONEY_PARTITION_WORKFLOW, DELIVER_NOTIFICATION_WORKFLOW, EMERGENCY_STOP_WORKFLOW, EVOLUTION_CYCLE_WORKFLOW, HEALTH_CHECK_WORKFLOW,
  PORTFOLIO_REBALANCE_WORKFLOW, RECONCILER_WORKFLOW, RETENTION_CYCLE_WORKFLOW, RISK_MONITOR_WORKFLOW, STRATEGY_OPTIMIZATION_WORKFLOW,
] as const;

/**
 * How a workflow run's code ended: `task_failed` is an error that is not a Temporal failure (a bug), which fails the
 * workflow task and is retried instead of failing the workflow.
 */
export const WORKFLOW_OUTCOMES = ['completed', 'failed', 'cancelled', 'continued_as_new', 'task_failed'] as const;
export type WorkflowOutcome = (typeof WORKFLOW_OUTCOMES)[number];

/** The sink workflow code reports its outcome to; the worker counts it (never called during replay). */
export interface WorkflowOutcomeSinks extends Sinks {
  outcomes: { record(outcome: WorkflowOutcome): void };
}
