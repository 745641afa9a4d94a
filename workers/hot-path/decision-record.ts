import type { Decision } from '../../domain/execution/engine-types';
import type { HotPathRecord } from '../../infra/db/queries/hot-path';

/** A decision as the hot_path_decisions row; reasons hold every failed check, the skip reason, any note and any size clip. */
export function decisionRecord(decision: Decision, decisionLatencyNs: number): HotPathRecord {
  const reasons: unknown[] = [...(decision.failures ?? [])];
  if (decision.skipReason) reasons.push({ skip: decision.skipReason });
  if (decision.note) reasons.push({ note: decision.note });
  if (decision.clip) reasons.push({ clip: decision.clip });
  return {
    kind: 'decision',
    row: {
      accountId: decision.accountId,
      instrument: decision.instrument,
      barTime: new Date(decision.barTimeMs),
      decidedAt: new Date(decision.decidedAtMs),
      outcome: decision.outcome,
      direction: decision.direction,
      confidence: Number.isFinite(decision.confidence) ? decision.confidence : null,
      strategy: decision.strategy || null,
      paramsVersion: decision.paramsVersion ? Number(decision.paramsVersion) : null,
      clientOrderId: decision.intent?.clientOrderId ?? null,
      reasons,
      decisionLatencyNs: Math.min(decisionLatencyNs, 2_147_483_647),
    },
  };
}
