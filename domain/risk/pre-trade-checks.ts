/**
 * The risk gate every order passes, on the hot path and in workflows alike. Synchronous and allocation-light: an
 * approved order allocates nothing, and reason strings are built only for failed checks. Every failed check is
 * reported, not just the first.
 */
import type { InstrumentName } from '../market';
import { findUsdPerUnit, type MidPrices } from '../money/usd-conversion';
import { isPositionReducing, tradingStateAllows, type TradingState } from './trading-state';

export type PreTradeCheck =
  | 'invalid_input'
  | 'invalid_order'
  | 'price_unavailable'
  | 'max_units'
  | 'max_notional'
  | 'max_concentration'
  | 'max_open_trades'
  | 'max_daily_loss'
  | 'order_rate'
  | 'trading_state';

export interface PreTradeFailure {
  check: PreTradeCheck;
  reason: string;
}

export interface PreTradeDecision {
  approved: boolean;
  failures: readonly PreTradeFailure[];
}

export interface ProposedOrder {
  instrument: InstrumentName;
  /** Signed: positive buys, negative sells. */
  units: number;
  priceQuote: number;
}

export interface AccountSnapshot {
  navUsd: number;
  /** Signed units per instrument. */
  positions: Readonly<Record<InstrumentName, number | undefined>>;
  /** Mid prices used to convert quote currencies to USD. */
  pricesMid: MidPrices;
  openTradeCount: number;
  /** Realized plus unrealized P/L since the start of the trading day. */
  dailyPnlUsd: number;
}

export interface PreTradeLimits {
  maxUnits: number;
  maxNotionalUsd: number;
  /** Largest position in one instrument after the order, as a fraction of NAV. */
  maxConcentration: number;
  maxOpenTrades: number;
  maxDailyLossUsd: number;
  maxOrdersPerWindow: number;
  orderRateWindowMs: number;
}

export interface PreTradeInput {
  order: ProposedOrder;
  account: AccountSnapshot;
  /** Times of orders already sent; only those inside the rate window count. */
  recentOrderTimesMs: ArrayLike<number>;
  nowMs: number;
  limits: PreTradeLimits;
  tradingState: TradingState;
}

const APPROVED: PreTradeDecision = Object.freeze({ approved: true, failures: Object.freeze([]) as readonly PreTradeFailure[] });

export function ordersInWindow(recentOrderTimesMs: ArrayLike<number>, nowMs: number, windowMs: number): number {
  let count = 0;
  for (let i = 0; i < recentOrderTimesMs.length; i++) {
    const timeMs = recentOrderTimesMs[i]!;
    if (timeMs > nowMs - windowMs && timeMs <= nowMs) count++;
  }
  return count;
}

/** The order times still inside the rate window, plus `nowMs`: what to pass next time after sending an order. */
export function recordOrderTime(recentOrderTimesMs: readonly number[], nowMs: number, windowMs: number): number[] {
  return [...recentOrderTimesMs.filter((timeMs) => timeMs > nowMs - windowMs && timeMs <= nowMs), nowMs];
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

const LIMIT_NAMES: readonly (keyof PreTradeLimits)[] = [
  'maxUnits', 'maxNotionalUsd', 'maxConcentration', 'maxOpenTrades', 'maxDailyLossUsd', 'maxOrdersPerWindow', 'orderRateWindowMs',
];

/**
 * Comparisons against NaN or a missing limit are false, so an unchecked gap would approve anything: the gate fails
 * closed instead, naming the bad input.
 */
function invalidInput({ limits, account }: PreTradeInput): string | undefined {
  for (const name of LIMIT_NAMES) {
    const value = limits[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `limit ${name} is ${String(value)}: every limit must be a finite number >= 0`;
    }
  }
  if (!Number.isFinite(account.navUsd)) return `account NAV is ${account.navUsd} USD: it must be a finite number`;
  if (!Number.isFinite(account.dailyPnlUsd)) return `daily P/L is ${account.dailyPnlUsd} USD: it must be a finite number`;
  if (!Number.isInteger(account.openTradeCount) || account.openTradeCount < 0) return `open trade count is ${account.openTradeCount}: it must be a whole number >= 0`;
  return undefined;
}

/** Units of an order that add exposure: all of it on a flat or same-side position, what goes past flat on the other side. */
export function openingPart(positionUnits: number, orderUnits: number): number {
  if (positionUnits * orderUnits >= 0) return Math.abs(orderUnits);
  return Math.max(0, Math.abs(orderUnits) - Math.abs(positionUnits));
}

export function checkPreTrade(input: PreTradeInput): PreTradeDecision {
  const { order, account, limits } = input;
  let failures: PreTradeFailure[] | undefined;
  const fail = (check: PreTradeCheck, reason: string): void => {
    (failures ??= []).push({ check, reason });
  };

  const badInput = invalidInput(input);
  if (badInput !== undefined) {
    fail('invalid_input', badInput);
    return { approved: false, failures: failures! };
  }
  if (!Number.isFinite(order.units) || order.units === 0 || !(order.priceQuote > 0)) {
    fail('invalid_order', `order for ${order.instrument} needs non-zero finite units and a positive price (units ${order.units}, price ${order.priceQuote})`);
    return { approved: false, failures: failures! };
  }
  const positionUnits = account.positions[order.instrument] ?? 0;
  const reducing = isPositionReducing(positionUnits, order.units);
  // The exposure caps limit what an order opens: the part of it that only closes the position is never refused by them.
  const openingUnits = openingPart(positionUnits, order.units);
  const closing = openingUnits < Math.abs(order.units) ? ` (the ${round2(Math.abs(order.units) - openingUnits)} units that close the position are not counted)` : '';

  if (!tradingStateAllows(input.tradingState, reducing)) {
    fail('trading_state', `trading is ${input.tradingState}: ${input.tradingState === 'HALTED' ? 'no orders accepted' : `only position-reducing orders accepted (position ${positionUnits}, order ${order.units})`}`);
  }
  if (openingUnits > limits.maxUnits) {
    fail('max_units', `${openingUnits} units of ${order.instrument} opened exceeds the limit of ${limits.maxUnits}${closing}`);
  }
  const usdPerUnit = findUsdPerUnit(order.instrument, order.priceQuote, account.pricesMid);
  if (usdPerUnit === undefined) {
    if (!reducing) fail('price_unavailable', `cannot convert ${order.instrument} to USD: a quote-currency price is missing`);
  } else {
    const openedNotionalUsd = openingUnits * usdPerUnit;
    if (openedNotionalUsd > limits.maxNotionalUsd) {
      fail('max_notional', `notional opened ${round2(openedNotionalUsd)} USD exceeds the limit of ${limits.maxNotionalUsd} USD${closing}`);
    }
    if (!reducing) {
      const concentration = account.navUsd > 0 ? (Math.abs(positionUnits + order.units) * usdPerUnit) / account.navUsd : Number.POSITIVE_INFINITY;
      if (concentration > limits.maxConcentration) {
        fail('max_concentration', `${order.instrument} would be ${round2(concentration * 100)}% of NAV ${round2(account.navUsd)} USD, above the limit of ${round2(limits.maxConcentration * 100)}%`);
      }
    }
  }
  if (!reducing && account.openTradeCount >= limits.maxOpenTrades) {
    fail('max_open_trades', `${account.openTradeCount} open trades already, limit ${limits.maxOpenTrades}`);
  }
  if (!reducing && -account.dailyPnlUsd >= limits.maxDailyLossUsd) {
    fail('max_daily_loss', `daily P/L ${round2(account.dailyPnlUsd)} USD has reached the loss limit of ${limits.maxDailyLossUsd} USD: only reducing orders`);
  }
  const recentOrders = ordersInWindow(input.recentOrderTimesMs, input.nowMs, limits.orderRateWindowMs);
  if (recentOrders >= limits.maxOrdersPerWindow) {
    fail('order_rate', `${recentOrders} orders in the last ${limits.orderRateWindowMs} ms, limit ${limits.maxOrdersPerWindow}`);
  }
  return failures ? { approved: false, failures } : APPROVED;
}
