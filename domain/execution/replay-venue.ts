/**
 * A simulated venue for replaying recorded ticks through a DecisionEngine, for one instrument of one account. It
 * fills each intent at once at the tick that triggered it (the first tick of the bar after the one decided on, i.e.
 * that bar's open; buys at the ask, sells at the bid, no slippage), and plays the broker's attached stop-loss and
 * take-profit orders with the backtester's own fill-rule functions on each completed bar. Trades are kept as
 * round trips, for comparison with runBacktest.
 */
import { stopLossFillPrice, takeProfitFillPrice, type Side } from '../backtest/fill-rule';
import type { ExitReason } from '../backtest/trade';
import type { Granularity, InstrumentName, Quote } from '../market';
import { quoteToAccountConverter } from '../sizing/quote-conversion';
import type { DecisionEngine } from './decision-engine';
import type { EngineEvent, FillReport, OrderIntent } from './engine-types';
import { TickBarAggregator } from './tick-bar-aggregator';

export interface ReplayTrade {
  direction: Side;
  units: number;
  entryTimeMs: number;
  entryPrice: number;
  stopPrice: number;
  takeProfitPrice: number;
  exitTimeMs: number;
  exitPrice: number;
  exitReason: ExitReason;
  profitAccount: number;
  paramsVersion: string;
}

export class ReplayVenue {
  readonly trades: ReplayTrade[] = [];
  /** Every event the engine returned, in order. */
  readonly events: EngineEvent[] = [];
  private readonly bars: TickBarAggregator;
  private readonly rateAt: (midPrice: number) => number;
  private open: ReplayTrade | undefined;
  private lastQuote: Quote | undefined;

  constructor(private readonly engine: DecisionEngine, readonly instrument: InstrumentName, granularity: Granularity) {
    this.bars = new TickBarAggregator(granularity);
    this.rateAt = quoteToAccountConverter(instrument, 'USD');
  }

  /** One tick: the venue's stops on the bar it completes, then the engine's decision, then the fill of any intent. */
  onQuote(quote: Quote): readonly EngineEvent[] {
    if (quote.instrument !== this.instrument) throw new Error(`replay venue of ${this.instrument} got a quote for ${quote.instrument}`);
    if (this.bars.onTick(quote.timeMs, quote.bid, quote.ask)) this.checkProtectiveOrders();
    this.lastQuote = quote;
    const events = this.engine.onQuote(quote, quote.timeMs);
    for (const event of events) {
      this.events.push(event);
      if (event.type === 'decision' && event.decision.intent) this.fill(event.decision.intent, quote);
    }
    return events;
  }

  /** End of the recording: the last bar's stops, then any open trade closed at the last quote. */
  finish(): void {
    if (this.bars.flushIfDue(Number.POSITIVE_INFINITY)) this.checkProtectiveOrders();
    const quote = this.lastQuote;
    if (!this.open || !quote) return;
    const exitPrice = this.open.direction === 1 ? quote.bid : quote.ask;
    this.exit(exitPrice, this.bars.completed.timeMs, 'end-of-data', (quote.bid + quote.ask) / 2);
  }

  private checkProtectiveOrders(): void {
    const trade = this.open;
    if (!trade) return;
    const bar = this.bars.completed;
    const long = trade.direction === 1;
    const exitOpen = long ? bar.bidOpen : bar.askOpen;
    const exitHigh = long ? bar.bidHigh : bar.askHigh;
    const exitLow = long ? bar.bidLow : bar.askLow;
    const midClose = (bar.bidClose + bar.askClose) / 2;
    const stopFill = stopLossFillPrice(trade.direction, trade.stopPrice, exitOpen, exitHigh, exitLow, 0);
    if (!Number.isNaN(stopFill)) {
      this.protectiveFill(stopFill, bar.timeMs, 'stop-loss', midClose);
      return;
    }
    const takeProfitFill = takeProfitFillPrice(trade.direction, trade.takeProfitPrice, exitOpen, exitHigh, exitLow);
    if (!Number.isNaN(takeProfitFill)) this.protectiveFill(takeProfitFill, bar.timeMs, 'take-profit', midClose);
  }

  /** Ends the open trade at `price`; returns its profit, valued at the quote→USD rate of `midPrice`. */
  private exit(price: number, barTimeMs: number, reason: ExitReason, midPrice: number): number {
    const trade = this.open!;
    trade.profitAccount = trade.direction * trade.units * (price - trade.entryPrice) * this.rateAt(midPrice);
    trade.exitTimeMs = barTimeMs;
    trade.exitPrice = price;
    trade.exitReason = reason;
    this.trades.push(trade);
    this.open = undefined;
    return trade.profitAccount;
  }

  /** The venue's own stop-loss or take-profit order filled: the engine hears of it as a fill without a client id. */
  private protectiveFill(price: number, barTimeMs: number, reason: 'stop-loss' | 'take-profit', midPrice: number): void {
    const units = -this.open!.direction * this.open!.units;
    const profit = this.exit(price, barTimeMs, reason, midPrice);
    this.report({ instrument: this.instrument, units, priceQuote: price, realizedPlAccount: profit, timeMs: barTimeMs, reason });
  }

  private fill(intent: OrderIntent, quote: Quote): void {
    if (intent.purpose === 'increase' || intent.purpose === 'reduce') throw new Error(`replay venue trades whole positions only, got a ${intent.purpose} order ${intent.clientOrderId}`);
    const price = intent.units > 0 ? quote.ask : quote.bid;
    const barTimeMs = this.bars.bucketOf(quote.timeMs);
    const realized = this.open ? this.exit(price, barTimeMs, 'signal', (quote.bid + quote.ask) / 2) : 0;
    if (intent.targetUnits !== 0) {
      const direction = Math.sign(intent.targetUnits) as Side;
      this.open = {
        direction, units: Math.abs(intent.targetUnits), entryTimeMs: barTimeMs, entryPrice: price,
        stopPrice: price - direction * intent.stopDistanceQuote, takeProfitPrice: intent.takeProfitPriceQuote,
        exitTimeMs: Number.NaN, exitPrice: Number.NaN, exitReason: 'end-of-data', profitAccount: 0, paramsVersion: intent.paramsVersion,
      };
    }
    this.report({ instrument: this.instrument, units: intent.units, priceQuote: price, realizedPlAccount: realized, timeMs: quote.timeMs, clientOrderId: intent.clientOrderId, reason: 'order' });
  }

  private report(fill: FillReport): void {
    const events = this.engine.onFill(fill, fill.timeMs);
    this.events.push(...events);
  }
}
