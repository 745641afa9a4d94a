import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { DEFAULT_EVOLUTION_SETTINGS, EVOLUTION_CYCLE_WORKFLOW, EVOLUTION_SCHEDULE_ID, type EvolutionCycleInput } from '../../workflows/definitions/evolution-cycle';
import { PORTFOLIO_REBALANCE_WORKFLOW, type PortfolioRebalanceInput } from '../../workflows/definitions/portfolio-rebalance';
import { DEFAULT_OPTIMIZATION_SETTINGS, OPTIMIZATION_SCHEDULE_ID, STRATEGY_OPTIMIZATION_WORKFLOW, type StrategyOptimizationInput } from '../../workflows/definitions/strategy-optimization';
import { ensureSchedule, type EnsureOutcome, type ScheduleDefinition } from './schedules';

export const REBALANCE_SCHEDULE_ID = 'portfolio-rebalance';

/** The research and rebalance schedules configuration asks for (the rebalance only when an account is named). */
export function researchScheduleDefinitions(config: AppConfig): ScheduleDefinition[] {
  const research = { strategy: config.RESEARCH_STRATEGY, instruments: config.RESEARCH_INSTRUMENTS, requestedBy: 'schedule' };
  const evolution: EvolutionCycleInput = { ...DEFAULT_EVOLUTION_SETTINGS, ...research };
  const optimization: StrategyOptimizationInput = { ...DEFAULT_OPTIMIZATION_SETTINGS, ...research };
  const definitions: ScheduleDefinition[] = [
    {
      scheduleId: EVOLUTION_SCHEDULE_ID, every: config.EVOLUTION_SCHEDULE, workflowType: EVOLUTION_CYCLE_WORKFLOW, taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [evolution], note: `Evolves the active ${config.RESEARCH_STRATEGY} parameters: sandbox-tested hypotheses, promoted only through the gate.`,
    },
    {
      scheduleId: OPTIMIZATION_SCHEDULE_ID, every: config.OPTIMIZATION_SCHEDULE, workflowType: STRATEGY_OPTIMIZATION_WORKFLOW, taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [optimization], note: `Walk-forward optimization of ${config.RESEARCH_STRATEGY} over the last year; the winner is stored as a candidate.`,
    },
  ];
  if (config.REBALANCE_SCHEDULE_ACCOUNT_ID) {
    const rebalance: PortfolioRebalanceInput = {
      accountId: config.REBALANCE_SCHEDULE_ACCOUNT_ID, method: 'equal_weight', instruments: config.RESEARCH_INSTRUMENTS, driftThreshold: 0.02,
      maxOrderNotional: config.REBALANCE_SCHEDULE_MAX_ORDER_NOTIONAL_USD, approvalThresholdUsd: config.REBALANCE_APPROVAL_NOTIONAL_USD,
      approvalTimeoutMs: config.REBALANCE_APPROVAL_TIMEOUT_MS, requestedBy: 'schedule',
    };
    definitions.push({
      scheduleId: REBALANCE_SCHEDULE_ID, every: config.REBALANCE_SCHEDULE, workflowType: PORTFOLIO_REBALANCE_WORKFLOW, taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [rebalance], note: `Rebalances account ${config.REBALANCE_SCHEDULE_ACCOUNT_ID} to equal weights over the research instruments.`,
    });
  }
  return definitions;
}

/** Creates or updates each schedule; returns what happened to each, by schedule id. */
export async function ensureResearchSchedules(client: Client, config: AppConfig): Promise<Record<string, EnsureOutcome>> {
  const outcomes: Record<string, EnsureOutcome> = {};
  for (const definition of researchScheduleDefinitions(config)) outcomes[definition.scheduleId] = await ensureSchedule(client, definition);
  return outcomes;
}
