import type { Broker } from '../../domain/broker';
import { evaluateBreakers, type RestrictedState } from '../../domain/risk/circuit-breakers';
import { explainPositions } from '../../domain/reconciliation/explain-positions';
import { UNSETTLED_ROW_GRACE_MS } from '../../domain/trading/attempt-bounds';
import type { DatabaseHandle } from '../../infra/db/client';
import { updateBreakerBoard } from '../../infra/db/queries/circuit-breakers';
import { settleOrderRow } from '../../infra/db/queries/orders';
import {
  acceptedTradeIds, bookUnits, fillRecordGapStart, knownClientOrderIds, RECONCILER_ACTOR, recordMismatches, recordReconciliationRun, unsettledOrders,
} from '../../infra/db/queries/reconciliation';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import { appendAuditEvent } from '../../infra/db/queries/safety-audit';
import { settleOrder } from '../../infra/reconciliation/settle-order';
import type { AccountReconciliationInput, AccountReconciliation } from '../../workflows/definitions/reconciler';
import { recordFillPages } from '../broker/fill-recording-activities';
import type { AccountBrokers } from '../../infra/broker/account-brokers';
import { brokerFor } from '../broker/account-broker';
import { callBroker } from '../broker/broker-failure';
import { currentWorkflowExecution } from '../workflow-execution';
import { consistentHoldings } from './consistent-holdings';

export interface ReconciliationDeps {
  database: DatabaseHandle;
  brokers: AccountBrokers;
  clock: () => number;
  /** What an unexplained position does to the account's trading; 'OFF' only records it. Default REDUCING. */
  mismatchTripsTo?: RestrictedState | 'OFF';
}

export type ReconciliationActivities = ReturnType<typeof createReconciliationActivities>;

export function createReconciliationActivities(deps: ReconciliationDeps) {
  const { database, brokers, clock, mismatchTripsTo = 'REDUCING' } = deps;

  /** Rows no attempt can still reach the venue for, brought up to what the venue holds; returns how many changed. */
  async function settleOrders(broker: Broker, accountId: string, nowMs: number, execution: { workflowId: string; runId: string }): Promise<{ checked: number; settled: number }> {
    const rows = await unsettledOrders(database.db, accountId, { untouchedSince: new Date(nowMs - UNSETTLED_ROW_GRACE_MS) });
    let settled = 0;
    for (const row of rows) {
      const update = await callBroker(() => settleOrder(broker, row, 'NOT_AT_BROKER_AFTER_ITS_ATTEMPTS'));
      if (update.status === row.status && update.brokerOrderId === (row.brokerOrderId ?? undefined)) continue;
      // Written only if no attempt touched the row since it was read: a placement's own answer is never overwritten.
      if (!(await settleOrderRow(database.db, row.clientOrderId, row.updatedAt, update))) continue;
      settled += 1;
      await appendAuditEvent(database.db, {
        actor: RECONCILER_ACTOR, action: 'reconciliation.order_settled',
        reason: `${row.clientOrderId}: ${row.status} in Postgres since ${row.updatedAt.toISOString()}, ${update.status} by the broker${update.rejectReason ? ` (${update.rejectReason})` : ''}`,
        subjectType: 'order', subjectId: row.clientOrderId, workflowId: execution.workflowId, runId: execution.runId,
        details: { before: row.status, after: update, placedBy: { source: row.source, workflowId: row.workflowId, runId: row.runId } },
      });
    }
    return { checked: rows.length, settled };
  }

  return {
    /**
     * One reconciliation of the account, placing nothing: settles every unsettled orders row no attempt can still
     * reach the venue for; records the account's fills from the transaction log; compares the broker's positions and
     * open trades, as of one transaction, with the fills of known orders; opens and clears mismatches (audited);
     * feeds the account's `reconciliation` breaker the number still open.
     */
    async reconcileAccount(input: AccountReconciliationInput): Promise<AccountReconciliation> {
      const broker = brokerFor(brokers, input.accountId);
      const execution = currentWorkflowExecution();
      const startedMs = clock();
      const orders = await settleOrders(broker, input.accountId, startedMs, execution);
      const holdings = await consistentHoldings(broker);
      const cursor = input.fillsThroughTransactionId ?? (await fillRecordGapStart(database.db, input.accountId)) ?? holdings?.lastTransactionId
        ?? (await callBroker(() => broker.accountSummary())).lastTransactionId;
      const fills = await recordFillPages({ database, broker }, input.accountId, cursor);
      const positionsNotCompared = !holdings ? 'the account kept trading while its positions were read'
        : Number(fills.throughTransactionId) < Number(holdings.lastTransactionId) ? `the fill record is catching up (at ${fills.throughTransactionId} of ${holdings.lastTransactionId})` : undefined;

      let changes: { found: number; cleared: number; open: number } | undefined;
      if (holdings && !positionsNotCompared) {
        const [units, known, accepted] = await Promise.all([
          bookUnits(database.db, input.accountId, holdings.lastTransactionId),
          knownClientOrderIds(database.db, input.accountId, holdings.trades.flatMap((trade) => trade.clientTradeId ?? [])),
          acceptedTradeIds(database.db, input.accountId),
        ]);
        const mismatches = explainPositions(holdings, { units, knownClientOrderIds: known, acceptedTradeIds: accepted });
        changes = await recordMismatches(database.db, input.accountId, mismatches, { ...execution, throughTransactionId: holdings.lastTransactionId });
        if (mismatchTripsTo !== 'OFF') {
          const open = changes.open;
          await updateBreakerBoard(database.db, input.accountId, { actor: RECONCILER_ACTOR, ...execution }, (board) => evaluateBreakers(
            board, { reconciliation: open }, clock(), { reconciliation: { threshold: 1, tripTo: mismatchTripsTo, coolDownMs: 0, autoReset: true } },
          ));
        }
      }
      const tradingState = (await effectiveTradingState(database.db, input.accountId)).state;
      const durationMs = clock() - startedMs;
      const openMismatches = changes?.open ?? input.openMismatches ?? 0;
      await recordReconciliationRun(database.db, {
        accountId: input.accountId, durationMs, throughTransactionId: positionsNotCompared ? undefined : holdings?.lastTransactionId, ordersChecked: orders.checked,
        ordersSettled: orders.settled, fillsRecorded: fills.recorded, openMismatches, positionsNotCompared,
      });
      return {
        accountId: input.accountId, fillsThroughTransactionId: fills.throughTransactionId, ordersChecked: orders.checked, ordersSettled: orders.settled,
        fillsRecorded: fills.recorded, mismatchesFound: changes?.found ?? 0, mismatchesCleared: changes?.cleared ?? 0, openMismatches, positionsNotCompared, tradingState,
      };
    },
  };
}
