/** How a probe's outcome becomes a component status, and how component statuses combine. */

export type ComponentStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface ProbeOutcome {
  component: string;
  /** The component answered as expected. */
  ok: boolean;
  latencyMs: number;
  detail: string;
}

export interface ComponentHealth {
  component: string;
  status: ComponentStatus;
  latencyMs: number;
  detail: string;
}

const SEVERITY: Record<ComponentStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

/** A failed probe is unhealthy; a successful one slower than the threshold is degraded. */
export function classifyProbe(outcome: ProbeOutcome, degradedLatencyMs: number): ComponentHealth {
  const status: ComponentStatus = !outcome.ok ? 'unhealthy' : outcome.latencyMs > degradedLatencyMs ? 'degraded' : 'healthy';
  const detail = status === 'degraded' ? `${outcome.detail}; slower than ${degradedLatencyMs} ms` : outcome.detail;
  return { component: outcome.component, status, latencyMs: outcome.latencyMs, detail };
}

/** The worst status among the components; healthy when there are none. */
export function overallStatus(components: readonly ComponentHealth[]): ComponentStatus {
  return components.reduce<ComponentStatus>((worst, c) => (SEVERITY[c.status] > SEVERITY[worst] ? c.status : worst), 'healthy');
}

export interface RecordedHealth extends ComponentHealth {
  checkedAtMs: number;
}

export interface HealthSummary {
  /** 'unknown' before any check; 'stale' when a component's latest check is too old to speak for now. */
  overall: ComponentStatus | 'stale' | 'unknown';
  components: Array<RecordedHealth & { stale: boolean; ageMs: number }>;
}

/**
 * What the latest recorded checks say about now. A component whose last check is older than staleAfterMs (the
 * schedule stopped, the worker is down) no longer vouches for anything, so it makes the summary 'stale' rather
 * than letting an old 'healthy' stand.
 */
export function summarizeHealth(latest: readonly RecordedHealth[], nowMs: number, staleAfterMs: number): HealthSummary {
  const components = latest.map((c) => ({ ...c, ageMs: Math.max(0, nowMs - c.checkedAtMs), stale: nowMs - c.checkedAtMs > staleAfterMs }));
  const overall = components.length === 0 ? 'unknown' : components.some((c) => c.stale) ? 'stale' : overallStatus(components);
  return { overall, components };
}
