import { condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Candle } from '../domain/market';
import { workflowClientOrderId } from '../domain/trading/client-order-id';
import { analysisActivities, brokerActivities, recordActivities } from './activity-proxies';
import { approveSignal, cancelSignal, rejectSignal, statusQuery } from './definitions/control';
import type {
  PortfolioRebalanceInput,
  PortfolioRebalanceResult,
  PortfolioRebalanceStatus,
  RebalanceApproval,
  RebalanceOutcome,
} from './definitions/portfolio-rebalance';
import { tradeInstrumentsKey, tradeOutcomeKey, tradeStrategyKey } from './definitions/search-attributes';
import { failureReason } from './failure-reason';

/** Candles behind the volatility estimates of inverse_volatility and risk_parity. */
const RETURNS_GRANULARITY = 'H1';
const RETURNS_LOOKBACK = 120;
/** Runs started before it wait for approval without telling anyone (no audit event, so no stream event or webhook). */
const APPROVAL_REQUESTED_PATCH = 'approval-requested-audit';

/**
 * Positions, prices and concentration → target weights → orders through pre-trade risk → approval when the total
 * is large (a timeout rejects) → execution, reducing before increasing, stopping at the first failure → reconcile
 * with the broker and record what was done and what was not.
 */
export async function portfolioRebalance(input: PortfolioRebalanceInput): Promise<PortfolioRebalanceResult> {
  const { workflowId } = workflowInfo();
  const records = recordActivities();
  const analysis = analysisActivities();
  const broker = brokerActivities();
  const status: PortfolioRebalanceStatus = { stage: 'analyzing', accountId: input.accountId, orders: [] };
  let decision: RebalanceApproval | undefined;
  const decide = (verdict: 'approved' | 'rejected') => ({ by, reason }: { by?: string; reason?: string }) => {
    decision ??= { decision: verdict, by, reason };
  };
  setHandler(statusQuery<PortfolioRebalanceStatus>(), () => status);
  setHandler(approveSignal, decide('approved'));
  setHandler(rejectSignal, decide('rejected'));
  setHandler(cancelSignal, decide('rejected'));

  const universe = [...new Set([...(input.instruments ?? []), ...Object.keys(input.weights ?? {})])];
  const [snapshot, trading] = await Promise.all([
    broker.accountSnapshot({ accountId: input.accountId, instruments: universe }),
    records.readTradingState({ accountId: input.accountId }),
  ]);
  const instruments = [...new Set([...universe, ...Object.keys(snapshot.positions)])].sort();
  upsertSearchAttributes([
    { key: tradeInstrumentsKey, value: instruments },
    { key: tradeStrategyKey, value: `rebalance:${input.method}` },
  ]);
  const reasons: string[] = [];
  const candles: Record<string, Candle[]> = {};
  if (input.method === 'inverse_volatility' || input.method === 'risk_parity') {
    const histories = await Promise.all(instruments.map((instrument) =>
      broker.fetchMarketData({ instrument, granularity: RETURNS_GRANULARITY, lookback: RETURNS_LOOKBACK })));
    for (const history of histories) {
      candles[history.instrument] = history.candles;
      reasons.push(...history.problems.map((problem) => `${history.instrument}: ${problem}`));
    }
  }

  status.stage = 'planning';
  const plan = await analysis.planRebalance({
    method: input.method,
    weights: input.weights,
    instruments,
    snapshot,
    candles,
    driftThreshold: input.driftThreshold,
    maxOrderNotional: input.maxOrderNotional,
    tradingState: trading.state,
  });
  status.targetWeights = plan.targetWeights;
  status.totalNotionalUsd = plan.totalNotionalUsd;
  status.orders = plan.orders.map((order, index) => ({
    instrument: order.instrument,
    clientOrderId: workflowClientOrderId('rb', workflowId, index, order.instrument),
    units: order.units,
    notionalUsd: order.notionalUsd,
    reducing: order.reducing,
    reason: order.reason,
    status: order.failures.length > 0 ? 'refused' : 'planned',
    failures: order.failures,
  }));
  const planned = status.orders.filter((order) => order.status === 'planned');

  const finish = async (outcome: RebalanceOutcome, approval: RebalanceApproval, reconciliationDifferences: PortfolioRebalanceResult['reconciliationDifferences'] = []) => {
    status.stage = 'recording';
    const result: PortfolioRebalanceResult = {
      outcome, navUsd: snapshot.navUsd, targetWeights: plan.targetWeights, totalNotionalUsd: plan.totalNotionalUsd,
      approval, orders: status.orders, reconciliationDifferences, reasons,
    };
    await records.recordRebalance({ request: input, result });
    upsertSearchAttributes([{ key: tradeOutcomeKey, value: outcome }]);
    status.stage = 'done';
    return result;
  };
  const leaveUndone = (why: string) => planned.filter((o) => o.status === 'planned').forEach((o) => Object.assign(o, { status: 'not_attempted', failures: [why] }));

  if (status.orders.length === 0) return finish('in_balance', { decision: 'not_needed' });
  if (planned.length === 0) {
    reasons.push('every order failed pre-trade risk');
    return finish('refused', { decision: 'not_needed' });
  }

  let approval: RebalanceApproval = { decision: 'not_needed' };
  if (plan.totalNotionalUsd > input.approvalThresholdUsd) {
    status.approvalDeadline = new Date(Date.now() + input.approvalTimeoutMs).toISOString();
    status.stage = 'awaiting_approval';
    if (patched(APPROVAL_REQUESTED_PATCH)) {
      await records.recordApprovalRequested({ request: input, totalNotionalUsd: plan.totalNotionalUsd, deadline: status.approvalDeadline, orders: planned });
    }
    const answered = await condition(() => decision !== undefined, input.approvalTimeoutMs);
    approval = answered ? decision! : { decision: 'timed_out', reason: `no approval within ${input.approvalTimeoutMs} ms` };
    status.approval = approval;
    if (approval.decision !== 'approved') {
      leaveUndone(approval.decision === 'timed_out' ? 'approval timed out' : `rejected by ${approval.by ?? 'a signal'}${approval.reason ? `: ${approval.reason}` : ''}`);
      return finish(approval.decision === 'timed_out' ? 'approval_timed_out' : 'rejected', approval);
    }
  }

  status.stage = 'executing';
  for (const order of planned) {
    try {
      const placed = await broker.placeOrder({
        accountId: input.accountId,
        clientOrderId: order.clientOrderId,
        instrument: order.instrument,
        units: order.units,
        reducing: order.reducing,
        lastKnownTransactionId: snapshot.lastTransactionId,
        strategy: `rebalance:${input.method}`,
        details: { reason: order.reason, notionalUsd: order.notionalUsd },
      });
      Object.assign(order, { status: 'filled', filledUnits: placed.filledUnits, fillPriceQuote: placed.fillPriceQuote, brokerOrderId: placed.brokerOrderId });
    } catch (error) {
      const reason = failureReason(error);
      Object.assign(order, { status: 'failed', failures: [`${reason.type ?? 'error'}: ${reason.message}`] });
      // The orders after a failed one were planned assuming it filled: placing them could add risk, not remove it.
      leaveUndone(`not attempted: ${order.instrument} (${order.clientOrderId}) failed before it`);
      reasons.push(`stopped at ${order.clientOrderId}: ${reason.message}`);
      break;
    }
  }

  status.stage = 'reconciling';
  const expectedUnits: Record<string, number> = {};
  for (const order of status.orders) {
    expectedUnits[order.instrument] = (expectedUnits[order.instrument] ?? snapshot.positions[order.instrument] ?? 0) + (order.status === 'filled' ? order.filledUnits ?? 0 : 0);
  }
  const reconciliation = await broker.reconcilePositions({ accountId: input.accountId, expectedUnits });
  const filled = planned.filter((order) => order.status === 'filled').length;
  const outcome: RebalanceOutcome = filled === 0 ? 'failed' : filled === status.orders.length ? 'rebalanced' : 'partially_rebalanced';
  return finish(outcome, approval, reconciliation.differences);
}
