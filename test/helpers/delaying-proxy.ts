import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HoldPoint = 'none' | 'request' | 'response';

export interface HeldRequests {
  method: string;
  path: RegExp;
}

/** Order placements; position closes are PUT .../positions/{instrument}/close. */
export const ORDER_PLACEMENTS: HeldRequests = { method: 'POST', path: /\/orders$/ };

export interface DelayingProxy {
  url: string;
  /**
   * Where matching requests are held: before they reach the venue, or after, before the answer. A request held
   * before the venue is still forwarded when its sender died meanwhile, unless `dropIfSenderDies`: then a process
   * killed while its request is held has not placed anything, as when the request never left it.
   */
  hold(where: HoldPoint, delayMs: number, requests?: HeldRequests, options?: { dropIfSenderDies?: boolean }): void;
  /** How many matching requests have reached the venue through the proxy. */
  readonly forwarded: number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the simulator that holds order placements (or other requests) for a while, so a test can kill the worker
 * at a chosen point: after the orders row is written but before the venue has the order, or after the venue has it
 * but before the worker hears back. Everything else passes straight through.
 */
export async function startDelayingProxy(targetUrl: string): Promise<DelayingProxy> {
  const target = new URL(targetUrl);
  let where: HoldPoint = 'none';
  let delayMs = 0;
  let held = ORDER_PLACEMENTS;
  let dropIfSenderDies = false;
  let forwardedCount = 0;
  // Unreferenced: a long hold never keeps the test process alive once the test is done.
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const isHeld = incoming.method === held.method && held.path.test(incoming.url ?? '');
        const holdRequest = isHeld && where === 'request' ? delayMs : 0;
        const holdResponse = isHeld && where === 'response' ? delayMs : 0;
        if (holdRequest > 0) {
          const senderDied = dropIfSenderDies ? [new Promise((resolve) => incoming.socket.once('close', () => resolve('died')))] : [];
          if ((await Promise.race([wait(holdRequest), ...senderDied])) === 'died') return;
        }
        if (isHeld) forwardedCount++;
        const forwarded = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
          if (holdResponse === 0) {
            // Passed through as it arrives, so a price stream (an answer that never ends) flows too.
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
            outgoing.on('close', () => answer.destroy());
            return;
          }
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            void wait(holdResponse).then(() => {
              if (outgoing.destroyed) return;
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              outgoing.end(Buffer.concat(body));
            });
          });
        });
        forwarded.on('error', () => outgoing.destroy());
        forwarded.end(Buffer.concat(chunks));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold(nextWhere, nextDelayMs, requests = ORDER_PLACEMENTS, options = {}) {
      where = nextWhere;
      delayMs = nextDelayMs;
      held = requests;
      dropIfSenderDies = options.dropIfSenderDies ?? false;
    },
    get forwarded() {
      return forwardedCount;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
