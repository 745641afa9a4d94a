import type { Broker } from '../../domain/broker';
import type { OrderStatus } from '../../domain/trading/order-outcome';
import type { DatabaseHandle } from '../db/client';
import { UNSETTLED_ROW_GRACE_MS } from '../../domain/trading/attempt-bounds';
import { settleOrderRow } from '../db/queries/orders';
import type { OrderSource } from '../db/schema';
import { recordPositionSnapshots } from '../db/queries/positions';
import { unsettledOrders } from '../db/queries/reconciliation';
import { latestSnapshotUnits } from '../db/queries/restart-reconciliation';
import { appendAuditEvent } from '../db/queries/safety-audit';
import type { Logger } from '../logging';
import { settleOrder } from './settle-order';

export const RECONCILIATION_ACTOR = 'restart-reconciliation';

export interface OrderDifference {
  clientOrderId: string;
  before: string;
  after: OrderStatus;
}

/** The sources whose orders this worker's workflows place; hot-path rows are the hot path's to settle. */
const ORCHESTRATED_SOURCES: readonly OrderSource[] = ['workflow', 'emergency_stop', 'api'];

export interface PositionDifferenceOnRestart {
  instrument: string;
  snapshotUnits: number;
  brokerUnits: number;
}

export interface RestartReconciliation {
  accountId: string;
  ordersChecked: number;
  orderDifferences: OrderDifference[];
  positionDifferences: PositionDifferenceOnRestart[];
}

/**
 * Run by the orchestration worker before its broker worker polls, so no workflow trades on stale records. Every
 * unsettled orders row of the workflows that no attempt can still reach the venue for (untouched for the grace the
 * continuous reconciler keeps too: another worker may be placing a younger one right now) is brought up to what the
 * venue holds under its client order id (by id, then in the transactions since the placement's last known one; an
 * order that never reached the venue is cancelled; a workflow still retrying it places it afresh and the row
 * follows), and the broker's positions become the latest snapshot. Each difference is an audit event. Any failure
 * propagates: the worker must not start trading on records it could not check.
 */
export async function reconcileOnRestart({ database, broker, logger }: { database: DatabaseHandle; broker: Broker; logger: Logger }): Promise<RestartReconciliation> {
  const accountId = broker.accountId;
  // The hot path settles its own rows at its start: one of its orders may be in flight right now.
  const rows = await unsettledOrders(database.db, accountId, { sources: ORCHESTRATED_SOURCES, untouchedSince: new Date(Date.now() - UNSETTLED_ROW_GRACE_MS) });
  const orderDifferences: OrderDifference[] = [];
  for (const row of rows) {
    const update = await settleOrder(broker, row, 'NOT_AT_BROKER_ON_RESTART');
    if (update.status === row.status && update.brokerOrderId === (row.brokerOrderId ?? undefined)) continue;
    if (!(await settleOrderRow(database.db, row.clientOrderId, row.updatedAt, update))) continue;
    const difference: OrderDifference = { clientOrderId: row.clientOrderId, before: row.status, after: update.status };
    orderDifferences.push(difference);
    await appendAuditEvent(database.db, {
      actor: RECONCILIATION_ACTOR, action: 'reconciliation.order_corrected', reason: `${row.clientOrderId}: ${row.status} in Postgres, ${update.status} by the broker's account${update.rejectReason ? ` (${update.rejectReason})` : ''}`,
      subjectType: 'order', subjectId: row.clientOrderId, workflowId: row.workflowId, runId: row.runId, details: { ...difference, update },
    });
  }

  const [snapshot, open] = await Promise.all([latestSnapshotUnits(database.db, accountId), broker.openPositions()]);
  const brokerUnits: Record<string, number> = Object.fromEntries(open.map((position) => [position.instrument, position.netUnits]));
  const instruments = [...new Set([...Object.keys(snapshot), ...Object.keys(brokerUnits)])].sort();
  const positionDifferences = instruments
    .map((instrument) => ({ instrument, snapshotUnits: snapshot[instrument] ?? 0, brokerUnits: brokerUnits[instrument] ?? 0 }))
    .filter((difference) => difference.snapshotUnits !== difference.brokerUnits);
  for (const difference of positionDifferences) {
    await appendAuditEvent(database.db, {
      actor: RECONCILIATION_ACTOR, action: 'reconciliation.position_corrected',
      reason: `${difference.instrument}: latest snapshot ${difference.snapshotUnits} units, broker ${difference.brokerUnits}; the broker's figure is recorded`,
      subjectType: 'account', subjectId: accountId, details: { ...difference },
    });
  }
  await recordPositionSnapshots(database.db, instruments.map((instrument) => {
    const position = open.find((p) => p.instrument === instrument);
    return { accountId, instrument, netUnits: brokerUnits[instrument] ?? 0, unrealizedPl: position?.unrealizedPl ?? 0, workflowId: RECONCILIATION_ACTOR };
  }));

  const result: RestartReconciliation = { accountId, ordersChecked: rows.length, orderDifferences, positionDifferences };
  await appendAuditEvent(database.db, {
    actor: RECONCILIATION_ACTOR, action: 'reconciliation.completed',
    reason: `${rows.length} unsettled order(s) checked, ${orderDifferences.length} corrected; ${positionDifferences.length} position difference(s)`,
    subjectType: 'account', subjectId: accountId, details: { ...result },
  });
  logger.info(result, 'restart reconciliation done');
  return result;
}
