import { waitFor } from '../../infra/async/wait-for';

export interface ServerSentEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** A Server-Sent Events client over fetch: every event received so far, and a way to wait for one. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const received: ServerSentEvent[] = [];
  let ended = false;
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let boundary;
        while ((boundary = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, boundary);
          buffered = buffered.slice(boundary + 2);
          const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':') && line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
          if (fields.data !== undefined) received.push({ id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data) });
        }
      }
    } catch {
      // Aborted by close(), or dropped by the server.
    }
    ended = true;
  })();
  return {
    status: response.status,
    received,
    get ended() {
      return ended;
    },
    next: (what: string, match: (event: ServerSentEvent) => boolean, timeoutMs = 20_000) =>
      waitFor(what, async () => received.find(match), timeoutMs, 20),
    async close() {
      controller.abort();
      await reading;
    },
  };
}
