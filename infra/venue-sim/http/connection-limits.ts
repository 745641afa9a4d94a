import type { Socket } from 'node:net';

export interface ConnectionLimitSettings {
  /** New connections a client (a remote address) may open per second; OANDA documents 2. Undefined = unlimited. */
  newConnectionsPerSecond?: number;
  /** Pricing streams a token may hold open at once; OANDA documents 20. Undefined = unlimited. */
  maxStreams?: number;
}

/**
 * OANDA's connection limits: a connection opened beyond the client's new-connection rate has its requests refused
 * (and is then closed), and a stream beyond the token's open streams is refused. A connection is counted when it
 * makes its first v20 request (the simulator's own /sim/ endpoints are not OANDA's), over a sliding second of real
 * (monotonic) time like the request rate, and only when admitted, so a refused client recovers by waiting.
 */
export class ConnectionLimits {
  private readonly opened = new Map<string, number[]>();
  private readonly admitted = new WeakSet<Socket>();
  private readonly refused = new WeakSet<Socket>();
  private readonly streams = new Map<string, number>();

  constructor(private readonly settings: ConnectionLimitSettings, private readonly monotonicMs: () => number = () => performance.now()) {
    for (const [name, value] of Object.entries(settings)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }

  /** Why a v20 request on this connection is refused; undefined when the connection was admitted within the rate. */
  connectionRefusal(socket: Socket): string | undefined {
    if (!this.admitted.has(socket) && !this.refused.has(socket)) this.count(socket);
    return this.refused.has(socket) ? `Too many new connections: at most ${this.settings.newConnectionsPerSecond} per second; reuse open connections` : undefined;
  }

  /** Counts a connection at its first v20 request; one beyond the rate is remembered as refused. */
  private count(socket: Socket): void {
    const perSecond = this.settings.newConnectionsPerSecond;
    if (perSecond === undefined) return;
    const client = socket.remoteAddress ?? 'unknown';
    const now = this.monotonicMs();
    const recent = (this.opened.get(client) ?? []).filter((time) => now - time < 1000);
    if (recent.length < perSecond) {
      recent.push(now);
      this.admitted.add(socket);
    } else {
      this.refused.add(socket);
    }
    this.opened.set(client, recent);
  }

  /** Takes one of the token's stream slots and returns its release, or a refusal when all are taken. */
  openStream(token: string): { release(): void } | string {
    const max = this.settings.maxStreams;
    const open = this.streams.get(token) ?? 0;
    if (max !== undefined && open >= max) return `Too many open streams: at most ${max} per token`;
    this.streams.set(token, open + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.streams.set(token, (this.streams.get(token) ?? 1) - 1);
      },
    };
  }
}
