import { evaluateBreakers, type BreakerEvent, type BreakersConfig } from '../../domain/risk/circuit-breakers';
import type { SystemRiskObservations } from '../../domain/risk/system-risk';
import type { TradingState } from '../../domain/risk/trading-state';
import type { DatabaseHandle } from '../../infra/db/client';
import { updateBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { readSystemRisk, type SystemRiskReadingSettings } from '../../infra/db/queries/system-risk';
import { SYSTEM_SCOPE } from '../../infra/db/schema';
import { currentWorkflowExecution } from '../workflow-execution';

export interface SystemRiskSettings extends SystemRiskReadingSettings {
  breakers: BreakersConfig;
}

export interface SystemRiskActivityDeps {
  database: DatabaseHandle;
  clock: () => number;
  /** Read at every evaluation, as the account limits are. */
  systemRisk: () => SystemRiskSettings;
}

export interface SystemRiskEvaluation {
  accounts: string[];
  observations: SystemRiskObservations;
  tradingState: TradingState;
  breakerEvents: BreakerEvent[];
}

export type SystemRiskActivities = ReturnType<typeof createSystemRiskActivities>;

export function createSystemRiskActivities({ database, clock, systemRisk }: SystemRiskActivityDeps) {
  return {
    /**
     * Measures the risk of every account together from their monitors' latest readings and feeds the system's
     * breakers (board, state and audit in one transaction). Every account's monitor calls it after its own reading;
     * each call measures afresh, so the breakers follow whichever reading came last.
     */
    async evaluateSystemRisk(): Promise<SystemRiskEvaluation | undefined> {
      const settings = systemRisk();
      const nowMs = clock();
      const figures = await readSystemRisk(database.db, settings, nowMs);
      if (figures.accounts.length === 0) return undefined;
      const { workflowId, runId } = currentWorkflowExecution();
      const evaluated = await updateBreakerBoard(database.db, SYSTEM_SCOPE, { actor: 'risk-monitor', workflowId, runId },
        (board) => evaluateBreakers(board, figures.observations, nowMs, settings.breakers));
      return { accounts: figures.accounts, observations: figures.observations, tradingState: evaluated.tradingState, breakerEvents: evaluated.events };
    },
  };
}
