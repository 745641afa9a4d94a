import type { Broker } from '../../domain/broker';
import type { InstrumentName } from '../../domain/market';
import type { DatabaseHandle } from '../../infra/db/client';
import { recordPositionSnapshots } from '../../infra/db/queries/positions';
import type { PositionDifference } from '../../workflows/definitions/portfolio-rebalance';
import { currentWorkflowExecution } from '../workflow-execution';
import { callBroker } from './broker-failure';

export interface ReconcileInput {
  accountId: string;
  /** The signed units each instrument should hold now. */
  expectedUnits: Record<InstrumentName, number>;
}

export interface ReconcileResult {
  positions: Record<InstrumentName, number>;
  differences: PositionDifference[];
}

/** The broker's positions against what the workflow expects, recorded as a snapshot. */
export async function reconcilePositions(database: DatabaseHandle, broker: Broker, input: ReconcileInput): Promise<ReconcileResult> {
  const workflowExecution = currentWorkflowExecution();
  const open = await callBroker(() => broker.openPositions());
  const positions: Record<InstrumentName, number> = Object.fromEntries(open.map((p) => [p.instrument, p.netUnits]));
  const instruments = [...new Set([...Object.keys(positions), ...Object.keys(input.expectedUnits)])].sort();
  await recordPositionSnapshots(database.db, instruments.map((instrument) => {
    const position = open.find((p) => p.instrument === instrument);
    const side = position && position.netUnits < 0 ? position.short : position?.long;
    return {
      accountId: input.accountId,
      instrument,
      netUnits: positions[instrument] ?? 0,
      averagePriceQuote: side?.averagePriceQuote,
      unrealizedPl: position?.unrealizedPl ?? 0,
      workflowId: workflowExecution.workflowId,
    };
  }));
  const differences = Object.entries(input.expectedUnits)
    .map(([instrument, expectedUnits]) => ({ instrument, expectedUnits, brokerUnits: positions[instrument] ?? 0 }))
    .filter((d) => Math.abs(d.expectedUnits - d.brokerUnits) > 1e-9);
  return { positions, differences };
}
