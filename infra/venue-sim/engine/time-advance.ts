import { knownSimInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { STEP_MS } from '../price/price-path';
import { candleGrid, OANDA_ALIGNMENT } from '../price/candle-grid';
import { quoteAt } from '../price/quotes';
import * as format from '../wire/format';
import type { AccountRecord, WireOrder } from './account-state';
import { applyDailyFinancing, nextRollover } from './financing';
import { fillOrder, type FillOutcome } from './fills';
import { cancelOrder, pendingOrders } from './order-lifecycle';
import { TransactionBatch } from './transactions';

/**
 * Walks the account along the price path from where it was last evaluated to toMs, second by second while orders
 * are pending, so a limit, stop-loss or take-profit triggers at the first price that crosses it even when no
 * request arrived at that moment, and books financing at each rollover passed.
 */
export function advanceAccount(path: PricePath, account: AccountRecord, toMs: number, newRequestId: () => string): void {
  let t = account.evaluatedUntilMs;
  while (t < toMs) {
    const rollover = nextRollover(t);
    const segmentEndMs = Math.min(toMs, rollover.timeMs);
    if (pendingOrders(account).length > 0) scanTriggers(path, account, t, segmentEndMs, newRequestId);
    if (rollover.timeMs <= toMs) applyDailyFinancing(path, account, new TransactionBatch(account, rollover.timeMs, newRequestId()), rollover.days);
    t = segmentEndMs;
  }
  account.evaluatedUntilMs = Math.max(account.evaluatedUntilMs, toMs);
}

/** Evaluates pending orders at every price second in (fromMs, toMs], skipping the seconds their markets are closed. */
function scanTriggers(path: PricePath, account: AccountRecord, fromMs: number, toMs: number, newRequestId: () => string): void {
  const origin = path.historyStartMs;
  for (let step = Math.floor((fromMs - origin) / STEP_MS) + 1; origin + step * STEP_MS <= toMs; step++) {
    const timeMs = origin + step * STEP_MS;
    const pending = pendingOrders(account);
    if (pending.length === 0) return;
    const resumeMs = nothingCanHappenUntil(path, account, pending, timeMs);
    if (resumeMs > timeMs) {
      step = Math.ceil((resumeMs - origin) / STEP_MS) - 1;
      continue;
    }
    for (const order of pending) {
      if (order.state === 'PENDING') evaluateOrder(path, account, order, timeMs, newRequestId);
    }
  }
}

/**
 * timeMs when a pending order may trigger or expire now; otherwise (every order's market closed) the first open or
 * expiry after it, so a weekend passes in one step instead of 172,800.
 */
function nothingCanHappenUntil(path: PricePath, account: AccountRecord, pending: readonly WireOrder[], timeMs: number): number {
  if (path.hours.name === 'always-open') return timeMs;
  let resumeMs = Number.POSITIVE_INFINITY;
  for (const order of pending) {
    const instrument = (order.instrument as string | undefined) ?? account.trades.find((t) => format.id(t.id) === order.tradeID)?.instrument;
    if (instrument === undefined) return timeMs;
    resumeMs = Math.min(resumeMs, path.hours.nextOpenMs(instrument, timeMs), expiryMs(order));
    if (resumeMs <= timeMs) return timeMs;
  }
  return resumeMs;
}

/**
 * Whether a pending entry order's price is reached, on the side it would fill at (the ask to buy, the bid to sell):
 * a limit at its price or better; a stop at its price or worse (a breakout); a market-if-touched once the price has
 * come to its level from the side it was on when the order was created.
 */
export function entryTriggered(path: PricePath, order: WireOrder, timeMs: number): boolean {
  const quote = quoteAt(path, order.instrument as string, timeMs);
  if (!quote.tradeable) return false;
  const level = Number(order.price);
  const buy = Number(order.units) > 0;
  const price = buy ? quote.ask : quote.bid;
  if (order.type === 'LIMIT') return buy ? price <= level : price >= level;
  if (order.type === 'STOP') return buy ? price >= level : price <= level;
  return Number(order.initialMarketPrice) <= level ? price >= level : price <= level;
}

const ENTRY_FILL_REASONS = { LIMIT: 'LIMIT_ORDER', STOP: 'STOP_ORDER', MARKET_IF_TOUCHED: 'MARKET_IF_TOUCHED_ORDER' } as const;

/** Fills a triggered entry order at the market, within its price bound when it has one. */
export function fillEntryOrder(path: PricePath, account: AccountRecord, batch: TransactionBatch, order: WireOrder): FillOutcome {
  const priceBound = order.priceBound === undefined ? undefined : Number(order.priceBound);
  return fillOrder(path, account, batch, { order, instrument: order.instrument as string, units: Number(order.units), reason: ENTRY_FILL_REASONS[order.type as keyof typeof ENTRY_FILL_REASONS], priceBound });
}

const tradingDay = candleGrid('D', OANDA_ALIGNMENT);
/** A GFD order's expiry, worked out once per order: orders are checked every second. */
const dayEnds = new WeakMap<WireOrder, number>();

/** When a GTD order's gtdTime or a GFD order's trading day (which ends at 17:00 New York) is over; never for GTC. */
function expiryMs(order: WireOrder): number {
  if (order.timeInForce === 'GTD' && typeof order.gtdTime === 'string') return Date.parse(order.gtdTime);
  if (order.timeInForce !== 'GFD') return Number.POSITIVE_INFINITY;
  let dayEndMs = dayEnds.get(order);
  if (dayEndMs === undefined) dayEnds.set(order, dayEndMs = tradingDay.next(tradingDay.floor(Date.parse(order.createTime))));
  return dayEndMs;
}

/** Fills or expires one pending order if the price at timeMs says so. */
function evaluateOrder(path: PricePath, account: AccountRecord, order: WireOrder, timeMs: number, newRequestId: () => string): void {
  if (expiryMs(order) <= timeMs) {
    cancelOrder(new TransactionBatch(account, timeMs, newRequestId()), order, 'TIME_IN_FORCE_EXPIRED');
    return;
  }
  if (order.type === 'LIMIT' || order.type === 'STOP' || order.type === 'MARKET_IF_TOUCHED') {
    if (entryTriggered(path, order, timeMs)) fillEntryOrder(path, account, new TransactionBatch(account, timeMs, newRequestId()), order);
    return;
  }
  if (order.type !== 'TAKE_PROFIT' && order.type !== 'STOP_LOSS' && order.type !== 'TRAILING_STOP_LOSS') return;
  const trade = account.trades.find((t) => format.id(t.id) === order.tradeID);
  if (!trade || trade.currentUnits === 0) {
    cancelOrder(new TransactionBatch(account, timeMs, newRequestId()), order, 'LINKED_TRADE_CLOSED');
    return;
  }
  const long = trade.currentUnits > 0;
  const quote = quoteAt(path, trade.instrument, timeMs);
  if (!quote.tradeable) return;
  const exitPrice = long ? quote.bid : quote.ask;
  const trigger = Number(order.type === 'TRAILING_STOP_LOSS' ? order.trailingStopValue : order.price);
  const favourable = long ? exitPrice >= trigger : exitPrice <= trigger;
  const triggered = order.type === 'TAKE_PROFIT' ? favourable : long ? exitPrice <= trigger : exitPrice >= trigger;
  if (!triggered) {
    if (order.type === 'TRAILING_STOP_LOSS') trail(order, trade.instrument, exitPrice, long);
    return;
  }
  fillOrder(path, account, new TransactionBatch(account, timeMs, newRequestId()), {
    order,
    instrument: trade.instrument,
    units: -trade.currentUnits,
    reason: DEPENDENT_FILL_REASONS[order.type],
    onlyTrade: trade,
  });
}

const DEPENDENT_FILL_REASONS = { TAKE_PROFIT: 'TAKE_PROFIT_ORDER', STOP_LOSS: 'STOP_LOSS_ORDER', TRAILING_STOP_LOSS: 'TRAILING_STOP_LOSS_ORDER' } as const;

/** A trailing stop follows the price that would close its trade, `distance` behind, and never moves back. */
function trail(order: WireOrder, instrument: string, exitPrice: number, long: boolean): void {
  const distance = Number(order.distance);
  const value = Number(order.trailingStopValue);
  const next = long ? Math.max(value, exitPrice - distance) : Math.min(value, exitPrice + distance);
  if (next !== value) order.trailingStopValue = format.price(next, knownSimInstrument(instrument).displayPrecision);
}
