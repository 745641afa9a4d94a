import { and, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { auditEvents, strategyParams } from '../schema';

export type StrategyVersionRow = typeof strategyParams.$inferSelect;

export async function listStrategyVersions(db: Database, strategy: string): Promise<StrategyVersionRow[]> {
  return db.select().from(strategyParams).where(eq(strategyParams.strategy, strategy)).orderBy(desc(strategyParams.version));
}

/** The version that was active before the current one: the latest retired version that had been activated. */
export async function previouslyActiveVersion(db: Database, strategy: string): Promise<StrategyVersionRow | undefined> {
  const [row] = await db.select().from(strategyParams)
    .where(and(eq(strategyParams.strategy, strategy), eq(strategyParams.status, 'retired'), isNotNull(strategyParams.activatedAt)))
    .orderBy(desc(strategyParams.retiredAt), desc(strategyParams.version))
    .limit(1);
  return row;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

async function lockStrategy(tx: Transaction, strategy: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`strategy_params:${strategy}`}))`);
}

async function nextVersion(tx: Transaction, strategy: string): Promise<number> {
  const [row] = await tx.select({ max: sql<number | null>`max(${strategyParams.version})` }).from(strategyParams).where(eq(strategyParams.strategy, strategy));
  return (row?.max ?? 0) + 1;
}

export interface NewVersion {
  strategy: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** Who wrote it, e.g. `workflow:<id>`: a retried write by the same creator returns the version already written. */
  createdBy: string;
  reason: string;
}

async function insertVersionOnce(tx: Transaction, version: NewVersion): Promise<StrategyVersionRow> {
  const [existing] = await tx.select().from(strategyParams)
    .where(and(eq(strategyParams.strategy, version.strategy), eq(strategyParams.createdBy, version.createdBy))).limit(1);
  if (existing) return existing;
  const [row] = await tx.insert(strategyParams).values({ ...version, version: await nextVersion(tx, version.strategy), status: 'candidate' }).returning();
  return row!;
}

/** Stores a candidate version (never traded until activated). */
export async function insertCandidateVersion(db: Database, version: NewVersion): Promise<StrategyVersionRow> {
  return db.transaction(async (tx) => {
    await lockStrategy(tx, version.strategy);
    return insertVersionOnce(tx, version);
  });
}

export interface Activation {
  strategy: string;
  /** An existing version to activate, or a new one to store and activate. */
  target: { version: number } | { newVersion: NewVersion };
  actor: string;
  reason: string;
  /** Audit action, e.g. 'strategy.promote', 'strategy.rollback', 'strategy.activate'. */
  action: string;
  workflowId?: string;
  details?: Record<string, unknown>;
}

export interface ActivationResult {
  version: number;
  /** The version that was active before, now retired. */
  retiredVersion?: number;
  /** False when the target was already the active version (nothing changed, nothing audited). */
  changed: boolean;
}

export class UnknownStrategyVersionError extends Error {}

/**
 * Makes one version the active one in a single transaction: the current active version is retired, the target
 * activated (the database trigger notifies strategy_params_activated) and an audit event written.
 */
export async function activateStrategyVersion(db: Database, activation: Activation): Promise<ActivationResult> {
  const { strategy, target } = activation;
  return db.transaction(async (tx) => {
    await lockStrategy(tx, strategy);
    let row: StrategyVersionRow | undefined;
    if ('version' in target) {
      [row] = await tx.select().from(strategyParams).where(and(eq(strategyParams.strategy, strategy), eq(strategyParams.version, target.version))).limit(1);
      if (!row) throw new UnknownStrategyVersionError(`strategy ${strategy} has no version ${target.version}`);
    } else {
      row = await insertVersionOnce(tx, target.newVersion);
    }
    if (row.status === 'active') return { version: row.version, changed: false };
    const [retired] = await tx.update(strategyParams).set({ status: 'retired', retiredAt: new Date() })
      .where(and(eq(strategyParams.strategy, strategy), eq(strategyParams.status, 'active'), ne(strategyParams.version, row.version)))
      .returning({ version: strategyParams.version });
    await tx.update(strategyParams).set({ status: 'active', activatedAt: new Date(), retiredAt: null }).where(eq(strategyParams.id, row.id));
    await tx.insert(auditEvents).values({
      actor: activation.actor,
      action: activation.action,
      reason: activation.reason,
      subjectType: 'strategy_params',
      subjectId: `${strategy}@${row.version}`,
      workflowId: activation.workflowId,
      details: { strategy, version: row.version, retiredVersion: retired?.version ?? null, ...activation.details },
    });
    return { version: row.version, retiredVersion: retired?.version, changed: true };
  });
}
