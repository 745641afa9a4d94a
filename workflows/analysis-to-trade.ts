import { setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { workflowClientOrderId } from '../domain/trading/client-order-id';
import { brokerActivities, analysisActivities } from './activity-proxies';
import { analysisSteps } from './analysis-steps';
import type {
  AnalysisOutcome,
  AnalysisToTradeInput,
  AnalysisToTradeResult,
  AnalysisToTradeStatus,
  InstrumentOutcome,
} from './definitions/analysis-to-trade';
import { cancelSignal, statusQuery } from './definitions/control';
import { tradeInstrumentsKey, tradeOutcomeKey, tradeStrategyKey } from './definitions/search-attributes';
import { failureReason } from './failure-reason';

/**
 * Market data → analysis → signals above the confidence threshold → pre-trade risk → (when asked, not cancelled
 * and not halted) one idempotent order per approved signal → signals, orders and the audit event recorded.
 */
export async function analysisToTrade(input: AnalysisToTradeInput): Promise<AnalysisToTradeResult> {
  const { workflowId } = workflowInfo();
  const steps = analysisSteps();
  const analysis = analysisActivities();
  const broker = brokerActivities();
  const status: AnalysisToTradeStatus = {
    stage: 'resolving_strategy',
    cancelRequested: false,
    instruments: input.instruments.map((instrument) => ({ instrument, status: 'pending', reasons: [] })),
  };
  let cancelledBy: string | undefined;
  setHandler(statusQuery<AnalysisToTradeStatus>(), () => status);
  setHandler(cancelSignal, ({ by, reason }) => {
    status.cancelRequested = true;
    cancelledBy = [by, reason].filter(Boolean).join(': ') || 'a cancel signal';
  });
  upsertSearchAttributes([
    { key: tradeInstrumentsKey, value: input.instruments },
    { key: tradeStrategyKey, value: input.strategy.name },
  ]);
  const outcomeOf = (instrument: string): InstrumentOutcome => status.instruments.find((o) => o.instrument === instrument)!;
  const pending = () => status.instruments.filter((o) => o.status === 'pending');

  const strategy = await steps.resolveStrategy(input);
  status.strategy = strategy;

  const finish = async (outcome: AnalysisOutcome): Promise<AnalysisToTradeResult> => {
    await steps.settle();
    status.stage = 'recording';
    const result: AnalysisToTradeResult = { outcome, strategy, instruments: status.instruments, ...(outcome === 'cancelled' ? { cancelledBy } : {}) };
    await steps.record(input, result);
    upsertSearchAttributes([{ key: tradeOutcomeKey, value: outcome }]);
    status.stage = 'done';
    return result;
  };

  status.stage = steps.stageOfAnalysis;
  for (const { instrument, problems, signal } of await steps.analyze(input, strategy)) {
    const outcome = outcomeOf(instrument);
    if (!signal) {
      Object.assign(outcome, { status: 'skipped', reasons: problems });
      continue;
    }
    outcome.signal = signal;
    if (signal.direction === 0) {
      Object.assign(outcome, { status: 'no_signal', reasons: [`${strategy.name} is flat on ${instrument}`] });
    } else if (signal.confidence < input.minConfidence) {
      Object.assign(outcome, { status: 'below_threshold', reasons: [`confidence ${signal.confidence.toFixed(3)} is below ${input.minConfidence}`] });
    }
  }
  const candidates = pending();
  if (candidates.length === 0) return finish('no_signal');

  status.stage = 'validating';
  const { snapshot, trading } = await steps.account(input, candidates.map((c) => c.instrument));
  const assessments = await analysis.assessSignals({
    accountId: input.accountId,
    candidates: candidates.map((c) => ({ instrument: c.instrument, signal: c.signal! })),
    snapshot,
    tradingState: trading.state,
  });
  for (const assessment of assessments) {
    const outcome = outcomeOf(assessment.instrument);
    outcome.reasons = assessment.reasons;
    outcome.status = assessment.decision === 'already_positioned' ? 'no_signal' : assessment.decision;
    if (assessment.trade) {
      const { units, priceQuote, stopLossDistance } = assessment.trade;
      outcome.trade = { clientOrderId: workflowClientOrderId('atr', workflowId, assessment.instrument), units, priceQuote, stopLossDistance };
    }
  }
  const approved = assessments.filter((a) => a.decision === 'approved');
  if (approved.length === 0) {
    if (trading.state === 'HALTED') return finish('halted');
    if (assessments.some((a) => a.decision === 'rejected')) return finish('risk_rejected');
    return finish(assessments.some((a) => a.decision === 'market_closed') ? 'market_closed' : 'no_signal');
  }

  const notExecuted = (reason: string) => approved.forEach((a) => Object.assign(outcomeOf(a.instrument), { status: 'not_executed', reasons: [reason] }));
  if (!input.execute) {
    notExecuted('execute is false: analysed and validated only');
    return finish('not_executed');
  }
  if (status.cancelRequested) {
    notExecuted(`cancelled before execution by ${cancelledBy}`);
    return finish('cancelled');
  }

  status.stage = 'executing';
  let halted = 0;
  await Promise.all(approved.map(async ({ instrument, trade }) => {
    const outcome = outcomeOf(instrument);
    try {
      outcome.order = await broker.placeOrder({
        accountId: input.accountId,
        clientOrderId: outcome.trade!.clientOrderId,
        instrument,
        units: trade!.units,
        reducing: trade!.reducing,
        stopLossDistance: trade!.stopLossDistance,
        lastKnownTransactionId: snapshot.lastTransactionId,
        strategy: strategy.name,
        paramsVersion: strategy.paramsVersion,
        details: { signal: outcome.signal, minConfidence: input.minConfidence },
      });
      outcome.status = 'executed';
    } catch (error) {
      const reason = failureReason(error);
      if (reason.type === 'TRADING_HALTED') halted++;
      const status = reason.type === 'TRADING_HALTED' ? 'not_executed' : reason.type === 'MARKET_HALTED' ? 'market_closed' : 'order_failed';
      Object.assign(outcome, { status, reasons: [`${reason.type ?? 'error'}: ${reason.message}`] });
    }
  }));
  const executed = approved.filter((a) => outcomeOf(a.instrument).status === 'executed').length;
  if (executed === approved.length) return finish('executed');
  if (executed > 0) return finish('partially_executed');
  if (halted === approved.length) return finish('halted');
  return finish(approved.every((a) => outcomeOf(a.instrument).status === 'market_closed') ? 'market_closed' : 'order_failed');
}
