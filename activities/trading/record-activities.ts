import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { recordWorkflowAuditOnce } from '../../infra/db/queries/audit';
import { recordSignals } from '../../infra/db/queries/signals';
import { effectiveTradingState, type EffectiveTradingState } from '../../infra/db/queries/trading-state';
import type { SignalStatus } from '../../infra/db/schema';
import type { AnalysisToTradeInput, AnalysisToTradeResult, InstrumentStatus, ResolvedStrategy } from '../../workflows/definitions/analysis-to-trade';
import type { PortfolioRebalanceInput, PortfolioRebalanceResult, RebalanceOrderOutcome } from '../../workflows/definitions/portfolio-rebalance';
import { currentWorkflowExecution } from '../workflow-execution';
import { resolveStrategyChoice } from './strategy-resolution';

export interface RecordActivityDeps {
  database: DatabaseHandle;
}

export type RecordActivities = ReturnType<typeof createRecordActivities>;

/** What the signals table keeps of an instrument's outcome; instruments with no decision at all keep no row. */
const SIGNAL_STATUS: Partial<Record<InstrumentStatus, SignalStatus>> = {
  skipped: 'skipped',
  below_threshold: 'below_threshold',
  market_closed: 'skipped',
  rejected: 'rejected',
  approved: 'approved',
  executed: 'approved',
  order_failed: 'approved',
  not_executed: 'approved',
};

/** Activities that read and write the application's own records in Postgres. */
export function createRecordActivities({ database }: RecordActivityDeps) {
  return {
    async resolveStrategy(input: { strategy: AnalysisToTradeInput['strategy']; lookback: number }): Promise<ResolvedStrategy> {
      return resolveStrategyChoice(database.db, input.strategy, input.lookback);
    },

    async readTradingState(input: { accountId: string }): Promise<EffectiveTradingState> {
      return effectiveTradingState(database.db, input.accountId);
    },

    /** The signals and the run's audit event, once per workflow however often it is retried. */
    async recordAnalysis(input: { request: AnalysisToTradeInput; result: AnalysisToTradeResult }): Promise<void> {
      const { workflowId, runId } = currentWorkflowExecution();
      const { request, result } = input;
      await recordSignals(database.db, result.instruments.flatMap((outcome) => {
        // An approved signal whose order the closed market cancelled was acted on: approved, as a failed order is.
        const status = outcome.status === 'market_closed' && outcome.order === undefined && outcome.trade ? 'approved' : SIGNAL_STATUS[outcome.status];
        if (!status) return [];
        return [{
          accountId: request.accountId,
          instrument: outcome.instrument,
          strategy: result.strategy.name,
          paramsVersion: result.strategy.paramsVersion,
          granularity: request.granularity,
          direction: outcome.signal?.direction ?? 0,
          confidence: outcome.signal?.confidence ?? 0,
          candleTimeMs: outcome.signal?.candleTimeMs,
          status,
          proposedUnits: outcome.trade?.units,
          reasons: outcome.reasons,
          workflowId,
          runId,
        }];
      }));
      await recordWorkflowAuditOnce(database.db, workflowId, 'analysis_to_trade.completed', [{
        actor: request.requestedBy ?? 'workflow',
        action: 'analysis_to_trade.completed',
        reason: `${result.strategy.name} on ${request.instruments.join(', ')}: ${result.outcome}`,
        subjectType: 'account',
        subjectId: request.accountId,
        workflowId,
        runId,
        details: { outcome: result.outcome, execute: request.execute, strategy: result.strategy, instruments: result.instruments },
      }]);
    },

    /** That a rebalance waits for a decision: the audit event the stream and the webhooks announce, once per run. */
    async recordApprovalRequested(input: { request: PortfolioRebalanceInput; totalNotionalUsd: number; deadline: string; orders: RebalanceOrderOutcome[] }): Promise<void> {
      const { workflowId, runId } = currentWorkflowExecution();
      const { request, totalNotionalUsd, deadline, orders } = input;
      await recordWorkflowAuditOnce(database.db, workflowId, 'portfolio_rebalance.approval_requested', [{
        actor: request.requestedBy ?? 'workflow',
        action: 'portfolio_rebalance.approval_requested',
        reason: `${request.method}: ${orders.length} order(s), ${Math.round(totalNotionalUsd)} USD notional above the ${request.approvalThresholdUsd} USD threshold; decide by ${deadline}`,
        subjectType: 'account',
        subjectId: request.accountId,
        workflowId,
        runId,
        details: { totalNotionalUsd, approvalThresholdUsd: request.approvalThresholdUsd, deadline, orders: orders.map(({ instrument, units, notionalUsd, reducing }) => ({ instrument, units, notionalUsd, reducing })) },
      }]);
    },

    async recordRebalance(input: { request: PortfolioRebalanceInput; result: PortfolioRebalanceResult }): Promise<void> {
      const { workflowId, runId } = currentWorkflowExecution();
      const { request, result } = input;
      const filled = result.orders.filter((order) => order.status === 'filled').map((order) => order.instrument);
      const notDone = result.orders.filter((order) => order.status !== 'filled').map((order: { instrument: InstrumentName; status: string }) => `${order.instrument} ${order.status}`);
      await recordWorkflowAuditOnce(database.db, workflowId, 'portfolio_rebalance.completed', [{
        actor: request.requestedBy ?? 'workflow',
        action: 'portfolio_rebalance.completed',
        reason: `${request.method}: ${result.outcome}; filled ${filled.join(', ') || 'nothing'}${notDone.length ? `; not done: ${notDone.join(', ')}` : ''}`,
        subjectType: 'account',
        subjectId: request.accountId,
        workflowId,
        runId,
        details: { ...result, method: request.method },
      }]);
    },
  };
}
