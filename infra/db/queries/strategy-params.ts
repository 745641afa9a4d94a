import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { strategyParams } from '../schema';

/** The active parameter version of a strategy, or undefined when none is active. */
export async function activeStrategyParams(db: Database, strategy: string) {
  const [row] = await db.select().from(strategyParams)
    .where(and(eq(strategyParams.strategy, strategy), eq(strategyParams.status, 'active')))
    .limit(1);
  return row;
}
