import type { MetricsText } from '../metrics';

/**
 * The Temporal SDK's metrics, read from its own Prometheus exporter on loopback. A failed read leaves them out of this
 * scrape, with a comment saying why (the SDK's series go stale), instead of failing the worker's whole /metrics.
 */
export function temporalSdkMetrics(address: { host: string; port: number }, timeoutMs = 2_000): MetricsText {
  return async () => {
    try {
      const response = await fetch(`http://${address.host}:${address.port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
      return response.ok ? await response.text() : `# Temporal SDK metrics unavailable: HTTP ${response.status}\n`;
    } catch (error) {
      return `# Temporal SDK metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  };
}
