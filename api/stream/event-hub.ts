import { randomUUID } from 'node:crypto';

export interface StreamEvent {
  /** `<process epoch>-<sequence>`: what a client sends back as Last-Event-ID. */
  id: string;
  type: string;
  data: unknown;
  /** The event as a Server-Sent Events frame, serialized once for every client and every replay. */
  frame: string;
}

/** A connected client: false from send means it cannot keep up, and it is dropped. */
export interface StreamSubscriber {
  send(event: StreamEvent): boolean;
  /** It fell behind. */
  drop(): void;
  /** The server is stopping. */
  end(): void;
}

/**
 * The events one api process publishes to its stream clients, numbered, with the latest `keep` remembered so a
 * client that reconnects with Last-Event-ID gets what it missed. A subscriber that cannot keep up is dropped, never
 * waited for: the server never slows for one client.
 */
export class EventHub {
  private readonly epoch = randomUUID().slice(0, 8);
  private sequence = 0;
  private readonly recent: StreamEvent[] = [];
  private readonly subscribers = new Set<StreamSubscriber>();

  constructor(private readonly keep = 1_000) {}

  publish(type: string, data: unknown): void {
    const id = `${this.epoch}-${++this.sequence}`;
    const event = { id, type, data, frame: `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n` };
    this.recent.push(event);
    if (this.recent.length > this.keep) this.recent.shift();
    for (const subscriber of this.subscribers) {
      if (!subscriber.send(event)) this.drop(subscriber);
    }
  }

  /** The events after `lastEventId`, or undefined when it is not among the recent ones (too old, or another process's). */
  since(lastEventId: string): StreamEvent[] | undefined {
    const [epoch, sequence] = lastEventId.split('-');
    const after = Number(sequence);
    if (epoch !== this.epoch || !Number.isInteger(after) || after > this.sequence) return undefined;
    const oldest = this.recent[0] ? Number(this.recent[0].id.split('-')[1]) : this.sequence + 1;
    if (after < oldest - 1) return undefined;
    return this.recent.filter((event) => Number(event.id.split('-')[1]) > after);
  }

  subscribe(subscriber: StreamSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Ends every client's stream, for a shutdown: they reconnect to another replica with their Last-Event-ID. */
  endAll(): void {
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
  }

  get clients(): number {
    return this.subscribers.size;
  }

  private drop(subscriber: StreamSubscriber): void {
    this.subscribers.delete(subscriber);
    subscriber.drop();
  }
}
