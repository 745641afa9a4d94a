import { and, eq, max, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import { strategyParams } from '../schema';

/** The active parameter version of a strategy, or undefined when none is active. */
export async function activeStrategyParams(db: Database | Transaction, strategy: string) {
  const [row] = await db.select().from(strategyParams)
    .where(and(eq(strategyParams.strategy, strategy), eq(strategyParams.status, 'active')))
    .limit(1);
  return row;
}

/**
 * Makes `params` the active version of a strategy when none is active yet (a fresh database), as the next version
 * number; an existing active version is left alone. Returns the active version.
 */
export async function ensureActiveStrategyParams(
  db: Database,
  seed: { strategy: string; params: Record<string, unknown>; createdBy: string; reason: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`strategy_params:${seed.strategy}`}))`);
    const active = await activeStrategyParams(tx, seed.strategy);
    if (active) return active.version;
    const [{ latest }] = await tx.select({ latest: max(strategyParams.version) }).from(strategyParams).where(eq(strategyParams.strategy, seed.strategy));
    const version = (latest ?? 0) + 1;
    await tx.insert(strategyParams).values({ ...seed, version, status: 'active', activatedAt: new Date() });
    return version;
  });
}
