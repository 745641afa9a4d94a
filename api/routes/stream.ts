import type { Response } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../dependencies';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';
import type { StreamEvent } from '../stream/event-hub';

/** What a client may leave unread before it is dropped: a slow client never holds the server's memory. */
const MAX_UNSENT_BYTES = 256 * 1024;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** Each event as it goes on the wire: its data is the JSON text of the event's payload. */
const serverSentEvent = z.object({ id: z.string().optional(), event: z.string().optional(), data: z.string() });
const lastEventIdHeader = { name: 'last-event-id', description: 'The id of the last event received: the events since are sent first, or a `reset` event when they are no longer kept.', schema: z.string().max(64) };

function writeEvent(response: Response, event: StreamEvent): boolean {
  if (response.writableLength > MAX_UNSENT_BYTES) return false;
  response.write(event.frame);
  return true;
}

/** The live stream: Server-Sent Events of what happens, fed by Postgres notifications (api/stream/stream-feed.ts). */
export function streamOperations({ events, logger }: ApiDependencies): Operation[] {
  return [
    operation({
      method: 'get', path: '/api/stream', operationId: 'streamEvents', tag: 'records', access: 'viewer',
      summary: 'Server-Sent Events as they happen: `order` (placed, and each status), `fill` (both paths and the venue\'s own), `audit` (every audited action: breaker trips, halts and resumes, emergency stops, a rebalance waiting for approval, workflow outcomes with their Web UI link, promotions and rollbacks), `trading_state`, `strategy_activated`, `health`, `workflow` (a run\'s status or stage as it changes, read every 3 s, with its Web UI link), `hot_path` (an instrument of a hot path whose position, version, warm-up, last decision or rejection, or running state changed; read every 2 s). Resumable with Last-Event-ID; `reset` means the events missed are no longer kept (re-read the state). A client that falls 256 KB behind is dropped.',
      headers: [lastEventIdHeader],
      responses: { 200: { description: 'the event stream', contentType: 'text/event-stream', schema: serverSentEvent }, 503: { description: 'the api has no event feed' } },
      unlimited: true,
      handle({ request }, response) {
        if (!events) throw new HttpError(503, 'the api has no event feed');
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        response.write(': connected\n\n');
        const lastEventId = request.header('last-event-id');
        if (lastEventId) {
          const missed = events.since(lastEventId);
          if (missed === undefined) response.write(`event: reset\ndata: ${JSON.stringify({ lastEventId })}\n\n`);
          else for (const event of missed) writeEvent(response, event);
        }
        const unsubscribe = events.subscribe({
          send: (event) => writeEvent(response, event),
          drop: () => {
            logger.warn({ unsentBytes: response.writableLength }, 'stream client dropped: it fell too far behind');
            response.destroy();
          },
          end: () => response.end(),
        });
        const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
        response.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
        });
      },
    }),
  ];
}
