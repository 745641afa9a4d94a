export interface StreamEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

export type StreamState = 'connecting' | 'live' | 'reconnecting';

const RECONNECT_MS = 2_000;

/**
 * GET /api/stream read with fetch (EventSource cannot send the Authorization header): each event goes to `onEvent`,
 * and a dropped connection is reopened with the last id seen, so the server replays what was missed.
 */
export function openEventStream(key: string, onEvent: (event: StreamEvent) => void, onState: (state: StreamState) => void): () => void {
  const abort = new AbortController();
  let lastEventId: string | undefined;

  async function readOnce(): Promise<void> {
    const response = await fetch('/api/stream', {
      headers: { Authorization: `Bearer ${key}`, Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`stream answered HTTP ${response.status}`);
    onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event) {
          lastEventId = event.id || lastEventId;
          onEvent(event);
        }
      }
    }
  }

  void (async () => {
    onState('connecting');
    while (!abort.signal.aborted) {
      await readOnce().catch(() => undefined);
      if (abort.signal.aborted) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  })();
  return () => abort.abort();
}

function parseBlock(block: string): StreamEvent | undefined {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    fields[name] = name === 'data' && fields.data !== undefined ? `${fields.data}\n${value}` : value;
  }
  if (fields.data === undefined) return undefined;
  return { id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) as Record<string, unknown> };
}
