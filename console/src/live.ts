import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Api } from './api-client';
import type { StreamEvent } from './event-stream';

type Listener = (event: StreamEvent) => void;

/** Hands each stream event to the panels that asked for its type (a `reset` goes to every panel). */
export class EventBus {
  private readonly listeners = new Set<{ types: readonly string[]; listener: Listener }>();

  subscribe(types: readonly string[], listener: Listener): () => void {
    const entry = { types, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  publish(event: StreamEvent): void {
    for (const { types, listener } of this.listeners) if (event.event === 'reset' || types.includes(event.event)) listener(event);
  }
}

export interface Live {
  api: Api;
  accountId: string;
  bus: EventBus;
}

export const LiveContext = createContext<Live | undefined>(undefined);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside the signed-in console');
  return live;
}

export interface Resource<T> {
  data?: T;
  error?: string;
  reload(): void;
}

/**
 * GET `path`, again whenever an event of `refreshOn` arrives (at most once a second) and every `everyMs` for what the
 * stream does not carry. The last answer stays on screen while the next is read.
 */
export function useResource<T>(path: string, options: { refreshOn?: readonly string[]; everyMs?: number } = {}): Resource<T> {
  const { api, bus } = useLive();
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((value) => value + 1);

  useEffect(() => {
    let current = true;
    api.get<T>(path).then(
      (data) => current && setState({ data }),
      (error: unknown) => current && setState((previous) => ({ ...previous, error: error instanceof Error ? error.message : String(error) })),
    );
    return () => { current = false; };
  }, [path, generation]);

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = bus.subscribe(options.refreshOn ?? [], () => {
      pending ??= setTimeout(() => { pending = undefined; reload(); }, 1_000);
    });
    const timer = options.everyMs ? setInterval(reload, options.everyMs) : undefined;
    return () => {
      unsubscribe();
      if (pending) clearTimeout(pending);
      if (timer) clearInterval(timer);
    };
  }, [path]);

  return { ...state, reload };
}
