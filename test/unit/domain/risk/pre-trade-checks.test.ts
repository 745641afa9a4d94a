import {
  checkPreTrade, ordersInWindow, recordOrderTime, type AccountSnapshot, type PreTradeInput, type PreTradeLimits, type ProposedOrder,
} from '../../../../domain/risk/pre-trade-checks';
import type { TradingState } from '../../../../domain/risk/trading-state';

const NOW_MS = 1_700_000_000_000;

/** A healthy account buying 20,000 EUR_USD at 1.1: 22,000 USD, taking EUR_USD to 33% of a 100,000 USD NAV. */
interface Overrides {
  order?: Partial<ProposedOrder>;
  account?: Partial<AccountSnapshot>;
  limits?: Partial<PreTradeLimits>;
  recentOrderTimesMs?: number[];
  tradingState?: TradingState;
}

function input(overrides: Overrides = {}): PreTradeInput {
  return {
    order: { instrument: 'EUR_USD', units: 20_000, priceQuote: 1.1, ...overrides.order },
    account: {
      navUsd: 100_000,
      positions: { EUR_USD: 10_000 },
      pricesMid: { EUR_USD: 1.1, USD_JPY: 150 },
      openTradeCount: 2,
      dailyPnlUsd: -500,
      ...overrides.account,
    },
    recentOrderTimesMs: overrides.recentOrderTimesMs ?? [NOW_MS - 5_000],
    nowMs: NOW_MS,
    limits: {
      maxUnits: 100_000,
      maxNotionalUsd: 200_000,
      maxConcentration: 0.5,
      maxOpenTrades: 5,
      maxDailyLossUsd: 2_000,
      maxOrdersPerWindow: 3,
      orderRateWindowMs: 1_000,
      ...overrides.limits,
    },
    tradingState: overrides.tradingState ?? 'ACTIVE',
  };
}

const checksFailed = (decision: ReturnType<typeof checkPreTrade>): string[] => decision.failures.map((failure) => failure.check);

describe('pre-trade checks', () => {
  it('approves an order inside every limit', () => {
    expect(checkPreTrade(input())).toEqual({ approved: true, failures: [] });
  });

  it('invalid_input: fails closed on a missing or non-finite limit instead of approving', () => {
    const missing = input();
    delete (missing.limits as Partial<PreTradeLimits>).maxUnits;
    expect(checkPreTrade({ ...missing, order: { instrument: 'EUR_USD', units: 5_000_000, priceQuote: 1.1 } })).toEqual({
      approved: false,
      failures: [{ check: 'invalid_input', reason: 'limit maxUnits is undefined: every limit must be a finite number >= 0' }],
    });
    expect(checksFailed(checkPreTrade(input({ limits: { maxNotionalUsd: Number.NaN } })))).toEqual(['invalid_input']);
    expect(checksFailed(checkPreTrade(input({ limits: { maxConcentration: -1 } })))).toEqual(['invalid_input']);
  });

  it('invalid_input: fails closed on a non-finite NAV or daily P/L, or a bad open-trade count', () => {
    expect(checkPreTrade(input({ account: { dailyPnlUsd: Number.NaN } })).failures).toEqual([
      { check: 'invalid_input', reason: 'daily P/L is NaN USD: it must be a finite number' },
    ]);
    expect(checksFailed(checkPreTrade(input({ account: { navUsd: Number.POSITIVE_INFINITY } })))).toEqual(['invalid_input']);
    expect(checksFailed(checkPreTrade(input({ account: { openTradeCount: 1.5 } })))).toEqual(['invalid_input']);
  });

  it('max_units: rejects more units than the limit', () => {
    const decision = checkPreTrade(input({ limits: { maxUnits: 15_000 } }));
    expect(decision.approved).toBe(false);
    expect(decision.failures).toEqual([{ check: 'max_units', reason: '20000 units of EUR_USD opened exceeds the limit of 15000' }]);
  });

  it('max_notional: rejects an order worth more USD than the limit, converting through the order price', () => {
    const decision = checkPreTrade(input({ limits: { maxNotionalUsd: 20_000 } }));
    expect(decision.failures).toEqual([{ check: 'max_notional', reason: 'notional opened 22000 USD exceeds the limit of 20000 USD' }]);
  });

  it('max_notional: a USD_JPY order is worth its units in USD', () => {
    const decision = checkPreTrade(input({ order: { instrument: 'USD_JPY', units: 20_001, priceQuote: 150 }, limits: { maxNotionalUsd: 20_000 } }));
    expect(decision.failures).toEqual([{ check: 'max_notional', reason: 'notional opened 20001 USD exceeds the limit of 20000 USD' }]);
  });

  it('max_concentration: rejects a position that would exceed its share of NAV', () => {
    const decision = checkPreTrade(input({ limits: { maxConcentration: 0.3 } }));
    expect(decision.failures).toEqual([{ check: 'max_concentration', reason: 'EUR_USD would be 33% of NAV 100000 USD, above the limit of 30%' }]);
  });

  it('max_open_trades: rejects a new trade at the open-trade limit', () => {
    const decision = checkPreTrade(input({ account: { openTradeCount: 5 } }));
    expect(decision.failures).toEqual([{ check: 'max_open_trades', reason: '5 open trades already, limit 5' }]);
  });

  it('max_daily_loss: rejects new risk once the daily loss limit is reached', () => {
    const decision = checkPreTrade(input({ account: { dailyPnlUsd: -2_000 } }));
    expect(decision.failures).toEqual([
      { check: 'max_daily_loss', reason: 'daily P/L -2000 USD has reached the loss limit of 2000 USD: only reducing orders' },
    ]);
  });

  it('order_rate: rejects an order when the window already holds the maximum, counting only orders inside it', () => {
    const times = [NOW_MS - 1_500, NOW_MS - 900, NOW_MS - 500, NOW_MS - 100];
    expect(ordersInWindow(times, NOW_MS, 1_000)).toBe(3);
    const decision = checkPreTrade(input({ recentOrderTimesMs: times }));
    expect(decision.failures).toEqual([{ check: 'order_rate', reason: '3 orders in the last 1000 ms, limit 3' }]);
    expect(checkPreTrade(input({ recentOrderTimesMs: times.slice(0, 3) })).approved).toBe(true);
  });

  it('trading_state: REDUCING rejects an order that adds to a position but accepts one that shrinks it', () => {
    expect(checkPreTrade(input({ tradingState: 'REDUCING' })).failures).toEqual([
      { check: 'trading_state', reason: 'trading is REDUCING: only position-reducing orders accepted (position 10000, order 20000)' },
    ]);
    expect(checkPreTrade(input({ tradingState: 'REDUCING', order: { units: -10_000 } })).approved).toBe(true);
    // Selling more than the position would reverse it, which is not reducing.
    expect(checksFailed(checkPreTrade(input({ tradingState: 'REDUCING', order: { units: -10_001 } })))).toEqual(['trading_state']);
  });

  it('trading_state: HALTED rejects even a reducing order', () => {
    expect(checkPreTrade(input({ tradingState: 'HALTED', order: { units: -5_000 } })).failures).toEqual([
      { check: 'trading_state', reason: 'trading is HALTED: no orders accepted' },
    ]);
  });

  it('lets reducing orders through the limits that guard against new risk', () => {
    const decision = checkPreTrade(input({
      order: { units: -10_000 },
      account: { openTradeCount: 5, dailyPnlUsd: -5_000 },
      limits: { maxConcentration: 0.01 },
    }));
    expect(decision.approved).toBe(true);
  });

  it('never refuses an order that only closes exposure for its size: units, notional and concentration count what it opens', () => {
    // Closing a 10,000 long that a lowered limit would no longer allow to be opened.
    const closing = checkPreTrade(input({ order: { units: -10_000 }, limits: { maxUnits: 1_000, maxNotionalUsd: 1_000, maxConcentration: 0.01 } }));
    expect(closing).toEqual({ approved: true, failures: [] });
    // Even without a USD price, closing needs no conversion.
    expect(checkPreTrade(input({ order: { units: -10_000 }, account: { pricesMid: {} } })).approved).toBe(true);
  });

  it('counts only the part of a reversal past flat against the units and notional caps', () => {
    // Long 10,000 → short 15,000: 25,000 traded, 15,000 of it (16,500 USD) opened.
    const reversal = input({ order: { units: -25_000 }, limits: { maxUnits: 15_000, maxNotionalUsd: 16_500 } });
    expect(checkPreTrade(reversal).approved).toBe(true);
    const tighter = checkPreTrade({ ...reversal, limits: { ...reversal.limits, maxUnits: 14_999, maxNotionalUsd: 16_000 } });
    expect(tighter.failures).toEqual([
      { check: 'max_units', reason: '15000 units of EUR_USD opened exceeds the limit of 14999 (the 10000 units that close the position are not counted)' },
      { check: 'max_notional', reason: 'notional opened 16500 USD exceeds the limit of 16000 USD (the 10000 units that close the position are not counted)' },
    ]);
  });

  it('price_unavailable: fails closed when the quote currency cannot be converted to USD', () => {
    const decision = checkPreTrade(input({ order: { instrument: 'EUR_JPY', units: 1_000, priceQuote: 165 }, account: { pricesMid: { EUR_USD: 1.1 } } }));
    expect(decision.failures).toEqual([{ check: 'price_unavailable', reason: 'cannot convert EUR_JPY to USD: a quote-currency price is missing' }]);
  });

  it('invalid_order: rejects zero units or a non-positive price', () => {
    expect(checksFailed(checkPreTrade(input({ order: { units: 0 } })))).toEqual(['invalid_order']);
    expect(checksFailed(checkPreTrade(input({ order: { priceQuote: 0 } })))).toEqual(['invalid_order']);
  });

  it('reports every failed check, not just the first', () => {
    const decision = checkPreTrade(input({
      order: { units: 200_000 },
      account: { openTradeCount: 9, dailyPnlUsd: -3_000 },
      limits: { maxNotionalUsd: 100_000 },
      recentOrderTimesMs: [NOW_MS - 30, NOW_MS - 20, NOW_MS - 10],
      tradingState: 'REDUCING',
    }));
    expect(decision.approved).toBe(false);
    expect(checksFailed(decision)).toEqual(['trading_state', 'max_units', 'max_notional', 'max_concentration', 'max_open_trades', 'max_daily_loss', 'order_rate']);
  });

  it('records order times, dropping those that left the window', () => {
    expect(recordOrderTime([NOW_MS - 2_000, NOW_MS - 400], NOW_MS, 1_000)).toEqual([NOW_MS - 400, NOW_MS]);
  });
});
