import { gt, sql } from 'drizzle-orm';
import type { BreakerBoard } from '../../../domain/risk/circuit-breakers';
import type { Database } from '../client';
import { breakerTripCounts, circuitBreakers, componentHealth, fillCounts, orderStatusCounts, reconciliationStatus, riskSnapshots, tradingStates } from '../schema';

/** Health rows older than this are not exported: a component nobody checks any more drops out (and `absent` alerts). */
const HEALTH_LOOKBACK = sql`interval '1 hour'`;

/** Everything the worker exports about trading from Postgres at one scrape: small tables and one row per key. */
export async function readOperationalFigures(db: Database) {
  const [orderCounts, fills, trips, states, boards, risk, health, reconciliation] = await Promise.all([
    db.select().from(orderStatusCounts),
    db.select().from(fillCounts),
    db.select().from(breakerTripCounts),
    db.select().from(tradingStates),
    db.select({ scope: circuitBreakers.scope, board: circuitBreakers.board }).from(circuitBreakers),
    db.selectDistinctOn([riskSnapshots.accountId]).from(riskSnapshots).orderBy(riskSnapshots.accountId, sql`${riskSnapshots.takenAt} desc`),
    db.selectDistinctOn([componentHealth.component], { component: componentHealth.component, status: componentHealth.status, checkedAt: componentHealth.checkedAt })
      .from(componentHealth).where(gt(componentHealth.checkedAt, sql`now() - ${HEALTH_LOOKBACK}`))
      .orderBy(componentHealth.component, sql`${componentHealth.checkedAt} desc`),
    db.select().from(reconciliationStatus),
  ]);
  return {
    orderCounts, fills, trips, states, risk, health, reconciliation,
    boards: boards.map((row) => ({ scope: row.scope, board: row.board as unknown as BreakerBoard })),
  };
}

export type OperationalFigures = Awaited<ReturnType<typeof readOperationalFigures>>;
