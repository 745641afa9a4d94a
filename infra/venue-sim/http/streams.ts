import type { ServerResponse } from 'node:http';
import type { AccountRecord, WireObject } from '../engine/account-state';
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

/** How often a transaction stream looks for new transactions. */
const TRANSACTION_POLL_MS = 250;

interface Subscriber {
  response: ServerResponse;
  datetimeFormat: format.DatetimeFormat;
  timers: NodeJS.Timeout[];
}

/**
 * The v20 streams, one JSON object per line written whole (the @oanda/v20 client parses every chunk it receives as
 * complete lines), with a HEARTBEAT every heartbeatMs:
 * - pricing: a PRICE when an instrument's bid or ask changed, polled at most pricesPerSecond times a second (OANDA's
 *   documented cap), and one not tradeable at a close (then nothing until the open);
 * - transactions: each new transaction of the account, in id order.
 */
export class VenueStreams {
  private readonly subscribers = new Set<Subscriber>();
  private silent = false;

  constructor(private readonly venue: Venue, private readonly settings: StreamSettings) {}

  openPricing(response: ServerResponse, { instruments, snapshot, homeCurrency }: StreamRequest, datetimeFormat: format.DatetimeFormat): void {
    const lastSent = new Map<string, string>();
    const changedPrices = (nowMs: number): WireObject[] => instruments.flatMap((instrument) => {
      const quote = quoteAt(this.venue.path, instrument, nowMs);
      const key = `${quote.bid}/${quote.ask}/${quote.tradeable}`;
      if (lastSent.get(instrument) === key) return [];
      lastSent.set(instrument, key);
      return [renderClientPrice(quote, quoteToHome(this.venue.path, instrument, homeCurrency, nowMs), this.venue.liquidityUnits)];
    });
    if (!snapshot) changedPrices(this.venue.now());
    this.open(response, datetimeFormat, {
      pollMs: 1000 / this.settings.pricesPerSecond,
      poll: () => changedPrices(this.venue.advance()),
      heartbeat: () => ({ type: 'HEARTBEAT', time: format.time(this.venue.now()) }),
    });
  }

  openTransactions(response: ServerResponse, account: AccountRecord, datetimeFormat: format.DatetimeFormat): void {
    let lastSentId = account.lastTransactionId;
    this.open(response, datetimeFormat, {
      pollMs: TRANSACTION_POLL_MS,
      poll: () => {
        this.venue.advance();
        const fresh: WireObject[] = [];
        for (let i = account.transactions.length - 1; i >= 0 && Number(account.transactions[i]!.id) > lastSentId; i--) fresh.unshift(account.transactions[i]!);
        lastSentId = account.lastTransactionId;
        return fresh;
      },
      heartbeat: () => ({ type: 'HEARTBEAT', lastTransactionID: format.id(account.lastTransactionId), time: format.time(this.venue.now()) }),
    });
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

  private open(response: ServerResponse, datetimeFormat: format.DatetimeFormat, source: { pollMs: number; poll(): WireObject[]; heartbeat(): WireObject }): void {
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked', RequestID: this.venue.newRequestId() });
    response.flushHeaders();
    const subscriber: Subscriber = { response, datetimeFormat, timers: [] };
    const sendNew = () => {
      if (!this.silent) source.poll().forEach((line) => this.send(subscriber, line));
    };
    subscriber.timers.push(setInterval(sendNew, source.pollMs), setInterval(() => this.send(subscriber, source.heartbeat()), this.settings.heartbeatMs));
    this.subscribers.add(subscriber);
    response.on('close', () => this.remove(subscriber));
    sendNew();
  }

  private remove(subscriber: Subscriber): void {
    subscriber.timers.forEach(clearInterval);
    this.subscribers.delete(subscriber);
  }

  private send(subscriber: Subscriber, message: WireObject): void {
    if (this.silent || subscriber.response.destroyed) return;
    subscriber.response.write(`${JSON.stringify(format.withDatetimeFormat(message, subscriber.datetimeFormat))}\n`);
  }
}
