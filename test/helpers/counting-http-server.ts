import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface CountingHttpServer {
  url: string;
  /** TCP connections accepted so far: whether keep-alive reuses them, and how many a burst opened. */
  connections: () => number;
  close: () => Promise<void>;
}

/** A throwaway local server that counts TCP connections. */
export async function startCountingHttpServer(handler: Handler): Promise<CountingHttpServer> {
  const server = http.createServer(handler);
  let connections = 0;
  server.on('connection', () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
