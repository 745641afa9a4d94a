import type { IncomingHttpHeaders } from 'node:http';
import { startCountingHttpServer, type CountingHttpServer } from './counting-http-server';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A local webhook receiver: records every request, and answers each path with the status `answer` gives for the
 * attempt number of that path (1 for the first request, and so on): a receiver that fails first, or refuses.
 */
export async function startWebhookReceiver(answer: (path: string, attempt: number) => number): Promise<CountingHttpServer & { received: ReceivedWebhook[] }> {
  const received: ReceivedWebhook[] = [];
  const attempts = new Map<string, number>();
  const server = await startCountingHttpServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      const path = request.url ?? '/';
      const attempt = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, attempt);
      const status = answer(path, attempt);
      received.push({ path, headers: request.headers, body, status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  return { ...server, received };
}
