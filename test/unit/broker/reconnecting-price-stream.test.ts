import { BrokerError } from '../../../domain/broker';
import type { PriceStreamEvent } from '../../../domain/broker';
import { reconnectingPriceStream } from '../../../infra/broker/oanda/reconnecting-price-stream';
import type { OpenByteStream, StreamPacing } from '../../../infra/broker/oanda/reconnecting-price-stream';

const heartbeat = (second: number): string => `{"type":"HEARTBEAT","time":"2026-01-05T10:00:0${second}.000000000Z"}\n`;
const price = (bid: string, ask: string): string =>
  `{"type":"PRICE","instrument":"EUR_USD","time":"2026-01-05T10:00:01.250000000Z","tradeable":true,"bids":[{"price":"${bid}","liquidity":1000000}],"asks":[{"price":"${ask}","liquidity":1000000}],"closeoutBid":"${bid}","closeoutAsk":"${ask}"}\n`;

/** Records the delays asked for instead of waiting; jitter draws are fixed at 0.5 (no jitter). */
function recordingPacing(): StreamPacing & { delaysMs: number[] } {
  const delaysMs: number[] = [];
  return { delaysMs, sleep: async (delayMs) => void delaysMs.push(delayMs), random01: () => 0.5 };
}

/** Each call to open() plays the next script: chunks to send, then either end, fail, or go silent until aborted. */
function scriptedVenue(scripts: Array<{ chunks: string[]; then: 'end' | 'silence' | Error; holdMs?: number }>): OpenByteStream & { opens: number } {
  const open = Object.assign(
    async (signal: AbortSignal) => {
      const script = scripts[open.opens++];
      if (!script) throw new Error('test venue ran out of scripts');
      if (script.then instanceof BrokerError && script.chunks.length === 0) throw script.then;
      return (async function* () {
        for (const chunk of script.chunks) {
          if (signal.aborted) throw new Error('aborted');
          yield chunk;
        }
        if (script.holdMs) await new Promise((resolve) => setTimeout(resolve, script.holdMs));
        if (script.then instanceof Error) throw script.then;
        if (script.then === 'silence') {
          await new Promise((_resolve, reject) => {
            if (signal.aborted) reject(new Error('aborted'));
            signal.addEventListener('abort', () => reject(new Error('aborted')));
          });
        }
      })();
    },
    { opens: 0 },
  );
  return open;
}

async function take(events: AsyncIterable<PriceStreamEvent>, count: number): Promise<PriceStreamEvent[]> {
  const taken: PriceStreamEvent[] = [];
  for await (const event of events) {
    taken.push(event);
    if (taken.length === count) break;
  }
  return taken;
}

describe('reconnectingPriceStream', () => {
  it('parses prices and heartbeats, including lines split across chunks', async () => {
    const line = price('1.08512', '1.08526');
    const venue = scriptedVenue([{ chunks: [heartbeat(0) + line.slice(0, 40), line.slice(40), heartbeat(5)], then: 'silence' }]);
    const events = await take(reconnectingPriceStream(venue, {}, recordingPacing()), 3);
    expect(events).toEqual([
      { type: 'heartbeat', timeMs: Date.UTC(2026, 0, 5, 10, 0, 0) },
      { type: 'price', instrument: 'EUR_USD', timeMs: Date.UTC(2026, 0, 5, 10, 0, 1, 250), bid: 1.08512, ask: 1.08526, tradeable: true },
      { type: 'heartbeat', timeMs: Date.UTC(2026, 0, 5, 10, 0, 5) },
    ]);
  });

  it('reconnects after the venue closes or resets the stream, backing off while attempts keep failing', async () => {
    const reset = new BrokerError('NETWORK', { operation: 'price stream', brokerMessage: 'ECONNRESET' });
    const venue = scriptedVenue([
      { chunks: [heartbeat(0)], then: 'end' },
      { chunks: [], then: reset },
      { chunks: [], then: new BrokerError('SERVER', { operation: 'price stream', httpStatus: 503 }) },
      { chunks: [heartbeat(1)], then: 'silence' },
    ]);
    const pacing = recordingPacing();
    const events = await take(reconnectingPriceStream(venue, { backoff: { initialDelayMs: 100, multiplier: 2 } }, pacing), 5);
    expect(events.map((event) => event.type)).toEqual(['heartbeat', 'reconnect', 'reconnect', 'reconnect', 'heartbeat']);
    expect(events.filter((event) => event.type === 'reconnect')).toEqual([
      { type: 'reconnect', attempt: 1, reason: 'the venue closed the stream', delayMs: 100 },
      { type: 'reconnect', attempt: 2, reason: 'price stream failed: NETWORK, "ECONNRESET"', delayMs: 200 },
      { type: 'reconnect', attempt: 3, reason: 'price stream failed: SERVER, HTTP 503', delayMs: 400 },
    ]);
    expect(pacing.delaysMs).toEqual([100, 200, 400]);
    expect(venue.opens).toBe(4);
  });

  it('treats a silent connection as dead and reconnects', async () => {
    const venue = scriptedVenue([
      { chunks: [heartbeat(0)], then: 'silence' },
      { chunks: [heartbeat(9)], then: 'silence' },
    ]);
    const events = await take(reconnectingPriceStream(venue, { heartbeatTimeoutMs: 30 }, recordingPacing()), 3);
    expect(events[1]).toEqual({ type: 'reconnect', attempt: 1, reason: 'no data for 30 ms', delayMs: 250 });
    expect(events[2]).toEqual({ type: 'heartbeat', timeMs: Date.UTC(2026, 0, 5, 10, 0, 9) });
  });

  it('keeps backing off when each connection sends a line and drops, and starts over only after one stayed up', async () => {
    const venue = scriptedVenue([
      { chunks: [heartbeat(0)], then: 'end' },
      { chunks: [heartbeat(1)], then: 'end' },
      { chunks: [heartbeat(2)], then: 'end', holdMs: 60 },
      { chunks: [heartbeat(3)], then: 'silence' },
    ]);
    const options = { healthyAfterMs: 20, backoff: { initialDelayMs: 100, multiplier: 2 } };
    const events = await take(reconnectingPriceStream(venue, options, recordingPacing()), 7);
    expect(events.filter((event) => event.type === 'reconnect').map((event) => [event.attempt, event.delayMs])).toEqual([[1, 100], [2, 200], [1, 100]]);
  });

  it('does not count the time a slow consumer takes as venue silence', async () => {
    const venue = scriptedVenue([{ chunks: [heartbeat(0), heartbeat(1)], then: 'silence' }, { chunks: [heartbeat(9)], then: 'silence' }]);
    const seen: PriceStreamEvent[] = [];
    for await (const event of reconnectingPriceStream(venue, { heartbeatTimeoutMs: 30 }, recordingPacing())) {
      seen.push(event);
      if (seen.length === 1) await new Promise((resolve) => setTimeout(resolve, 90));
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([{ type: 'heartbeat', timeMs: Date.UTC(2026, 0, 5, 10, 0, 0) }, { type: 'heartbeat', timeMs: Date.UTC(2026, 0, 5, 10, 0, 1) }]);
    expect(venue.opens).toBe(1);
  });

  it('gives up on errors that a retry cannot fix', async () => {
    const unauthorized = new BrokerError('UNAUTHORIZED', { operation: 'price stream', httpStatus: 401 });
    const venue = scriptedVenue([{ chunks: [], then: unauthorized }]);
    await expect(take(reconnectingPriceStream(venue, {}, recordingPacing()), 1)).rejects.toBe(unauthorized);
  });

  it('ends quietly when the caller aborts, closing the connection', async () => {
    const controller = new AbortController();
    const venue = scriptedVenue([{ chunks: [heartbeat(0)], then: 'silence' }]);
    const seen: PriceStreamEvent[] = [];
    for await (const event of reconnectingPriceStream(venue, { signal: controller.signal }, recordingPacing())) {
      seen.push(event);
      controller.abort();
    }
    expect(seen.map((event) => event.type)).toEqual(['heartbeat']);
    expect(venue.opens).toBe(1);
  });
});
