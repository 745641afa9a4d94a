import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** A registry per process, labelled with the service name, with Node's default process metrics. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Metrics in Prometheus text form from somewhere else in the process (the Temporal SDK's own exporter). */
export type MetricsText = () => Promise<string>;

/**
 * Serves GET /metrics for processes that have no HTTP server of their own (the workers): the registry's metrics, then
 * each extra source's; and GET /health, the process's sign of life for liveness probes, which reads nothing.
 */
export async function serveMetrics(registry: Registry, port: number, host = '127.0.0.1', extra: MetricsText[] = []): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics and GET /health are served here\n');
      return;
    }
    Promise.all([registry.metrics(), ...extra.map((text) => text())]).then((parts) => parts.join('\n')).then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
