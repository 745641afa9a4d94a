import type { AccountSummary, Broker, BrokerTransaction, ClosePositionRequest, ClosePositionResult, ClosePositionOptions, Position, PositionSide, Trade, TransactionsPage } from '../../domain/broker';
import { usdPairOf, usdPerCurrencyUnit } from '../../domain/money/usd-conversion';

/** How long one reading of the home currency's USD price converts amounts. */
const RATE_TTL_MS = 5_000;

type Convert = ((amount: number) => number) & { usdPerUnit: number };

/**
 * The product measures money in USD (limits, NAV, P/L, VaR, sizing); OANDA reports an account's money in the account's
 * home currency. For an account whose home currency is not USD, every amount this broker returns is converted to USD
 * at the mid of the home currency's USD pair when it is read, so a EUR account's NAV and P/L are what they are worth in
 * USD now and its USD limits mean what they say. A USD account's answers pass through untouched; units and prices are
 * never converted. The home currency is learnt from the account's first summary.
 */
export class UsdMeasuredBroker implements Broker {
  private homeCurrency?: Promise<string>;
  /** The latest reading of the home currency's USD price, shared by every call that converts while it is fresh. */
  private rate?: { usdPerUnit: Promise<number>; readAtMs: number };

  constructor(private readonly inner: Broker & { close?(): void }, private readonly nowMs: () => number = () => performance.now()) {}

  get accountId(): string {
    return this.inner.accountId;
  }

  async accountSummary(): Promise<AccountSummary> {
    const summary = await this.inner.accountSummary();
    this.homeCurrency ??= Promise.resolve(summary.currency);
    const usd = await this.converter();
    if (!usd) return summary;
    const { currency, balance, nav, marginUsed, marginAvailable, unrealizedPl, realizedPl } = summary;
    return {
      ...summary, currency: 'USD', balance: usd(balance), nav: usd(nav), marginUsed: usd(marginUsed),
      marginAvailable: usd(marginAvailable), unrealizedPl: usd(unrealizedPl), realizedPl: usd(realizedPl),
      home: { currency, balance, nav, realizedPl, usdPerUnit: usd.usdPerUnit },
    };
  }

  async openPositions(): Promise<Position[]> {
    const positions = await this.inner.openPositions();
    const usd = await this.converter();
    if (!usd) return positions;
    const side = (s: PositionSide): PositionSide => ({ ...s, unrealizedPl: usd(s.unrealizedPl) });
    return positions.map((p) => ({ ...p, long: side(p.long), short: side(p.short), unrealizedPl: usd(p.unrealizedPl), realizedPl: usd(p.realizedPl) }));
  }

  async openTrades(): Promise<Trade[]> {
    const trades = await this.inner.openTrades();
    const usd = await this.converter();
    return usd ? trades.map((t) => ({ ...t, unrealizedPl: usd(t.unrealizedPl), realizedPl: usd(t.realizedPl) })) : trades;
  }

  async closePosition(request: ClosePositionRequest, options?: ClosePositionOptions): Promise<ClosePositionResult> {
    // The rate first: a close that went through must not be reported failed because a price read did not.
    const usd = await this.converter();
    const result = await this.inner.closePosition(request, options);
    return usd ? { ...result, realizedPl: usd(result.realizedPl), fills: result.fills.map((fill) => transactionInUsd(fill, usd)) } : result;
  }

  async transactionsSince(transactionId: string): Promise<TransactionsPage> {
    const page = await this.inner.transactionsSince(transactionId);
    if (!page.transactions.some((transaction) => transaction.realizedPl !== undefined || transaction.tradesClosed)) return page;
    const usd = await this.converter();
    return usd ? { ...page, transactions: page.transactions.map((transaction) => transactionInUsd(transaction, usd)) } : page;
  }

  pendingOrders: Broker['pendingOrders'] = () => this.inner.pendingOrders();
  prices: Broker['prices'] = (instruments) => this.inner.prices(instruments);
  candles: Broker['candles'] = (request) => this.inner.candles(request);
  placeOrder: Broker['placeOrder'] = (request, options) => this.inner.placeOrder(request, options);
  lookUpOrder: Broker['lookUpOrder'] = (clientOrderId, options) => this.inner.lookUpOrder(clientOrderId, options);
  findOrderByClientId: Broker['findOrderByClientId'] = (clientOrderId) => this.inner.findOrderByClientId(clientOrderId);
  cancelOrder: Broker['cancelOrder'] = (order) => this.inner.cancelOrder(order);
  streamPrices: Broker['streamPrices'] = (instruments, options) => this.inner.streamPrices(instruments, options);

  close(): void {
    this.inner.close?.();
  }

  /** USD from the home currency; undefined for a USD account, whose amounts need nothing. */
  private async converter(): Promise<Convert | undefined> {
    const home = await this.learnHomeCurrency();
    if (home === 'USD') return undefined;
    const pair = usdPairOf(home);
    if (!pair) throw new Error(`account ${this.accountId} keeps its money in ${home}, which no traded instrument prices in USD`);
    if (!this.rate || this.nowMs() - this.rate.readAtMs > RATE_TTL_MS) {
      const reading = this.inner.prices([pair]).then(([quote]) => {
        if (!quote) throw new Error(`no ${pair} price to convert account ${this.accountId}'s ${home} amounts to USD`);
        return usdPerCurrencyUnit(home, (quote.bid + quote.ask) / 2);
      });
      const rate = { usdPerUnit: reading, readAtMs: this.nowMs() };
      this.rate = rate;
      reading.catch(() => {
        if (this.rate === rate) this.rate = undefined;
      });
    }
    const usdPerUnit = await this.rate.usdPerUnit;
    return Object.assign((amount: number) => amount * usdPerUnit, { usdPerUnit });
  }

  private learnHomeCurrency(): Promise<string> {
    this.homeCurrency ??= this.inner.accountSummary().then((summary) => summary.currency);
    return this.homeCurrency.catch((error: unknown) => {
      this.homeCurrency = undefined;
      throw error;
    });
  }
}

function transactionInUsd(transaction: BrokerTransaction, usd: Convert): BrokerTransaction {
  return {
    ...transaction,
    ...(transaction.realizedPl !== undefined ? { realizedPl: usd(transaction.realizedPl) } : {}),
    ...(transaction.tradesClosed ? { tradesClosed: transaction.tradesClosed.map((closed) => ({ ...closed, realizedPl: usd(closed.realizedPl) })) } : {}),
  };
}
