import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** The worker's port: GET /metrics (Prometheus) and GET /status (JSON from `status()`). */
export async function serveControlPort(registry: Registry, status: () => unknown, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/status') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status()));
      return;
    }
    if (request.method === 'GET' && request.url === '/metrics') {
      registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('served here: GET /metrics, GET /status\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
