import { type SimInstrumentName, simCurrencies } from '../market/instruments';
import { CURRENCY_INTEREST_RATES, FINANCING_MARKUP } from '../price/instrument-profiles';
import type { PricePath } from '../price/price-path';
import { candleGrid, OANDA_ALIGNMENT } from '../price/candle-grid';
import { quoteAt } from '../price/quotes';
import { localTime } from '../price/zoned-time';
import * as format from '../wire/format';
import type { AccountRecord, WireObject } from './account-state';
import { quoteToHome } from './conversion';
import { sideTotals } from './position-totals';
import type { TransactionBatch } from './transactions';
import { openTrades } from './valuation';

/** The rollover is the end of OANDA's trading day, 17:00 New York (candles' default daily alignment). */
const tradingDay = candleGrid('D', OANDA_ALIGNMENT);
const ROLLOVER_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
/** Spot FX settles two days on, so Wednesday's rollover carries the weekend: three days of financing. */
const WEEKEND_CARRYING_WEEKDAY = 'Wednesday';

/** The first rollover strictly after timeMs (17:00 New York, Monday to Friday) and the days of financing it books. */
export function nextRollover(timeMs: number): { timeMs: number; days: number } {
  let rolloverMs = tradingDay.next(tradingDay.floor(timeMs));
  let weekday = localTime(rolloverMs, OANDA_ALIGNMENT.timeZone).weekday;
  while (!ROLLOVER_WEEKDAYS.includes(weekday)) {
    rolloverMs = tradingDay.next(rolloverMs);
    weekday = localTime(rolloverMs, OANDA_ALIGNMENT.timeZone).weekday;
  }
  return { timeMs: rolloverMs, days: weekday === WEEKEND_CARRYING_WEEKDAY ? 3 : 1 };
}

/** Annual financing rate earned (positive) or paid (negative) by one side of an instrument. */
export function annualFinancingRate(instrument: SimInstrumentName, long: boolean): number {
  const { base, quote } = simCurrencies(instrument);
  const differential = (CURRENCY_INTEREST_RATES[base] ?? 0) - (CURRENCY_INTEREST_RATES[quote] ?? 0);
  return (long ? differential : -differential) - FINANCING_MARKUP;
}

/** `days` of simple interest on every open trade's notional (mid price, in the home currency), booked as DAILY_FINANCING. */
export function applyDailyFinancing(path: PricePath, account: AccountRecord, batch: TransactionBatch, days: number): void {
  const trades = openTrades(account);
  if (trades.length === 0) return;
  const byInstrument = new Map<SimInstrumentName, { financingHome: number; openTradeFinancings: WireObject[] }>();
  let totalHome = 0;
  for (const trade of trades) {
    const long = trade.currentUnits > 0;
    const notionalHome = Math.abs(trade.currentUnits) * quoteAt(path, trade.instrument, batch.timeMs).mid * quoteToHome(path, trade.instrument, account.currency, batch.timeMs);
    const financingHome = Number(format.money((notionalHome * annualFinancingRate(trade.instrument, long) * days) / 365));
    trade.financingHome += financingHome;
    sideTotals(account, trade.instrument, long).financingHome += financingHome;
    totalHome += financingHome;
    const entry = byInstrument.get(trade.instrument) ?? { financingHome: 0, openTradeFinancings: [] };
    entry.financingHome += financingHome;
    entry.openTradeFinancings.push({ tradeID: format.id(trade.id), financing: format.money(financingHome) });
    byInstrument.set(trade.instrument, entry);
  }
  account.financingHome = Number(format.money(account.financingHome + totalHome));
  account.balanceHome = Number(format.money(account.balanceHome + totalHome));
  batch.add('DAILY_FINANCING', {
    financing: format.money(totalHome),
    accountBalance: format.money(account.balanceHome),
    accountFinancingMode: 'DAILY',
    positionFinancings: [...byInstrument].map(([instrument, e]) => ({
      instrument,
      financing: format.money(e.financingHome),
      openTradeFinancings: e.openTradeFinancings,
    })),
  });
}
