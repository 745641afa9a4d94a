import { isBrokerError } from '../../../domain/broker';
import { HttpTransport } from '../../../infra/broker/oanda/http-transport';
import { startCountingHttpServer as startServer } from '../../helpers/counting-http-server';

const get = { method: 'GET', path: '/v3/accounts/a/summary' };
const context = { operation: 'accountSummary' };

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error);
}

describe('HttpTransport', () => {
  it('sends the bearer token and the body with its byte length, and reuses one connection', async () => {
    const seen: Array<{ auth?: string; length?: string; body: string }> = [];
    const server = await startServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ auth: request.headers.authorization, length: request.headers['content-length'], body });
        response.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    const transport = new HttpTransport({ baseUrl: server.url, token: 'secret', timeoutMs: 2000 });
    try {
      const post = { method: 'POST', path: '/v3/accounts/a/orders', body: { order: { clientExtensions: { comment: 'é' } } } };
      for (let i = 0; i < 3; i++) expect(await transport.send(post, context)).toEqual({ httpStatus: 201, body: '{"ok":true}' });
      // 46 characters but 47 bytes: "é" is two bytes in UTF-8, which the library's own request miscounts.
      expect(seen[0]).toEqual({ auth: 'Bearer secret', length: '47', body: '{"order":{"clientExtensions":{"comment":"é"}}}' });
      expect(server.connections()).toBe(1);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('throws the mapped BrokerError for a non-2xx answer', async () => {
    const server = await startServer((_request, response) => response.writeHead(429).end('{"errorMessage":"Rate limit violation"}'));
    const transport = new HttpTransport({ baseUrl: server.url, token: 't', timeoutMs: 2000 });
    try {
      const error = await failureOf(transport.send(get, context));
      expect(isBrokerError(error) && [error.code, error.retryable, error.brokerMessage]).toEqual(['RATE_LIMITED', true, 'Rate limit violation']);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('gives up after the deadline with a retryable TIMEOUT', async () => {
    const server = await startServer(() => undefined);
    const transport = new HttpTransport({ baseUrl: server.url, token: 't', timeoutMs: 50 });
    try {
      const error = await failureOf(transport.send(get, context));
      expect(isBrokerError(error) && [error.code, error.retryable]).toEqual(['TIMEOUT', true]);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('reports a connection reset as a retryable NETWORK error instead of crashing the process', async () => {
    const server = await startServer((request) => request.socket.destroy());
    const transport = new HttpTransport({ baseUrl: server.url, token: 't', timeoutMs: 2000 });
    try {
      const error = await failureOf(transport.send(get, context));
      expect(isBrokerError(error) && [error.code, error.retryable]).toEqual(['NETWORK', true]);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('lets the caller abort, passing the abort reason through untouched', async () => {
    const server = await startServer(() => undefined);
    const transport = new HttpTransport({ baseUrl: server.url, token: 't', timeoutMs: 2000 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    try {
      const pending = failureOf(transport.send(get, context, controller.signal));
      controller.abort(reason);
      expect(await pending).toBe(reason);
    } finally {
      transport.close();
      await server.close();
    }
  });
});
