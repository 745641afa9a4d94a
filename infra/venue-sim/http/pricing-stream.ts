import type { ServerResponse } from 'node:http';
import type { SimInstrumentName } from '../market/instruments';
import { quoteToHome } from '../engine/conversion';
import type { Venue } from '../engine/venue';
import { quoteAt } from '../price/quotes';
import * as format from '../wire/format';
import { renderClientPrice } from '../wire/render-price';
import type { StreamRequest } from './routes/route';

export interface StreamSettings {
  pricesPerSecond: number;
  heartbeatMs: number;
}

interface Subscriber {
  response: ServerResponse;
  instruments: SimInstrumentName[];
  homeCurrency: string;
  lastSent: Map<SimInstrumentName, string>;
  timers: NodeJS.Timeout[];
}

/**
 * The v20 pricing stream: one JSON object per line, a PRICE when an instrument's bid or ask changed (polled at
 * most pricesPerSecond times a second, OANDA's documented cap) and a HEARTBEAT every heartbeatMs.
 */
export class PricingStreams {
  private readonly subscribers = new Set<Subscriber>();
  private silent = false;

  constructor(private readonly venue: Venue, private readonly settings: StreamSettings) {}

  open(response: ServerResponse, { instruments, snapshot, homeCurrency }: StreamRequest): void {
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked', RequestID: this.venue.newRequestId() });
    response.flushHeaders();
    const subscriber: Subscriber = { response, instruments, homeCurrency, lastSent: new Map(), timers: [] };
    if (!snapshot) this.markCurrent(subscriber);
    subscriber.timers.push(
      setInterval(() => this.sendChangedPrices(subscriber), 1000 / this.settings.pricesPerSecond),
      setInterval(() => this.send(subscriber, { type: 'HEARTBEAT', time: format.time(this.venue.now()) }), this.settings.heartbeatMs),
    );
    this.subscribers.add(subscriber);
    response.on('close', () => this.remove(subscriber));
    this.sendChangedPrices(subscriber);
  }

  /** Destroys every connection, as a network failure would. */
  dropAll(): void {
    for (const s of [...this.subscribers]) {
      this.remove(s);
      s.response.destroy();
    }
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  /** Ends every stream cleanly (server shutdown). */
  closeAll(): void {
    for (const s of [...this.subscribers]) {
      this.remove(s);
      s.response.end();
    }
  }

  private remove(subscriber: Subscriber): void {
    subscriber.timers.forEach(clearInterval);
    this.subscribers.delete(subscriber);
  }

  private markCurrent(subscriber: Subscriber): void {
    const nowMs = this.venue.now();
    for (const instrument of subscriber.instruments) {
      const q = quoteAt(this.venue.path, instrument, nowMs);
      subscriber.lastSent.set(instrument, `${q.bid}/${q.ask}`);
    }
  }

  private sendChangedPrices(subscriber: Subscriber): void {
    if (this.silent) return;
    const nowMs = this.venue.advance();
    for (const instrument of subscriber.instruments) {
      const quote = quoteAt(this.venue.path, instrument, nowMs);
      const key = `${quote.bid}/${quote.ask}`;
      if (subscriber.lastSent.get(instrument) === key) continue;
      subscriber.lastSent.set(instrument, key);
      this.send(subscriber, renderClientPrice(quote, quoteToHome(this.venue.path, instrument, subscriber.homeCurrency, nowMs)));
    }
  }

  /** One write per line: the @oanda/v20 client parses every chunk it receives as complete lines. */
  private send(subscriber: Subscriber, message: Record<string, unknown>): void {
    if (this.silent || subscriber.response.destroyed) return;
    subscriber.response.write(`${JSON.stringify(message)}\n`);
  }
}
