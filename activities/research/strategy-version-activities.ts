import type { ParameterValues } from '../../domain/strategies';
import type { DatabaseHandle } from '../../infra/db/client';
import { insertEvolutionGeneration, type EvolutionGenerationRecord } from '../../infra/db/queries/research';
import { activateStrategyVersion, insertCandidateVersion, listStrategyVersions, previouslyActiveVersion, type ActivationResult, type NewVersion, type StrategyVersionRow } from '../../infra/db/queries/strategy-versions';

export interface StrategyVersionActivityDeps {
  database: DatabaseHandle;
}

export interface StoredVersion {
  version: number;
  params: ParameterValues;
  metrics: Record<string, unknown>;
  activatedAtMs?: number;
}

export interface StrategyVersions {
  active?: StoredVersion;
  /** The version active before the current one: the rollback candidate. */
  previousActive?: StoredVersion;
}

export interface PromoteVersionInput {
  strategy: string;
  /** An existing version to re-activate (a rollback), or new parameters to store and activate. */
  target: { version: number } | { params: ParameterValues; metrics: Record<string, unknown>; reason: string };
  action: 'strategy.promote' | 'strategy.rollback';
  reason: string;
  workflowId: string;
  details?: Record<string, unknown>;
}

export interface GenerationRecord extends Omit<EvolutionGenerationRecord, 'id' | 'startedAt' | 'finishedAt'> {
  startedAtMs: number;
}

const stored = (row: StrategyVersionRow): StoredVersion => ({
  version: row.version,
  params: row.params as ParameterValues,
  metrics: row.metrics ?? {},
  ...(row.activatedAt && { activatedAtMs: row.activatedAt.getTime() }),
});

export type StrategyVersionActivities = ReturnType<typeof createStrategyVersionActivities>;

/** strategy_params and evolution_generations, as the research workflows read and write them. */
export function createStrategyVersionActivities({ database }: StrategyVersionActivityDeps) {
  const creator = (workflowId: string): string => `workflow:${workflowId}`;
  return {
    async readStrategyVersions({ strategy }: { strategy: string }): Promise<StrategyVersions> {
      const [versions, previous] = await Promise.all([listStrategyVersions(database.db, strategy), previouslyActiveVersion(database.db, strategy)]);
      const active = versions.find((row) => row.status === 'active');
      return { ...(active && { active: stored(active) }), ...(previous && { previousActive: stored(previous) }) };
    },

    /** Stores a candidate version once per workflow (a retry returns the version already stored). */
    async storeCandidateVersion(input: { strategy: string; params: ParameterValues; metrics: Record<string, unknown>; reason: string; workflowId: string }): Promise<{ version: number }> {
      const row = await insertCandidateVersion(database.db, { strategy: input.strategy, params: input.params, metrics: input.metrics, reason: input.reason, createdBy: creator(input.workflowId) });
      return { version: row.version };
    },

    /** Activates a version, retiring the active one, in one audited transaction; repeating it changes nothing. */
    async promoteVersion(input: PromoteVersionInput): Promise<ActivationResult> {
      const target = 'version' in input.target
        ? { version: input.target.version }
        : { newVersion: { strategy: input.strategy, params: input.target.params, metrics: input.target.metrics, reason: input.target.reason, createdBy: creator(input.workflowId) } satisfies NewVersion };
      return activateStrategyVersion(database.db, {
        strategy: input.strategy, target, actor: creator(input.workflowId), reason: input.reason, action: input.action, workflowId: input.workflowId, details: input.details,
      });
    },

    async recordGeneration({ startedAtMs, ...row }: GenerationRecord): Promise<void> {
      await insertEvolutionGeneration(database.db, { ...row, startedAt: new Date(startedAtMs) });
    },
  };
}
