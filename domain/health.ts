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
