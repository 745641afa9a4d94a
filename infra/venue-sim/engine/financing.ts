import { type SimInstrumentName, simCurrencies } from '../market/instruments';
import { CURRENCY_INTEREST_RATES, FINANCING_MARKUP } from '../price/instrument-profiles';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';
import * as format from '../wire/format';
import type { AccountRecord, WireObject } from './account-state';
import { quoteToHome } from './conversion';
import { sideTotals } from './position-totals';
import type { TransactionBatch } from './transactions';
import { openTrades } from './valuation';

const DAY_MS = 86_400_000;
/** OANDA books financing at 17:00 New York; the simulator uses 21:00 UTC all year round. */
const FINANCING_HOUR_UTC_MS = 21 * 3_600_000;

/** The first daily financing time strictly after timeMs. */
export function nextFinancingTimeMs(timeMs: number): number {
  const today = Math.floor(timeMs / DAY_MS) * DAY_MS + FINANCING_HOUR_UTC_MS;
  return today > timeMs ? today : today + DAY_MS;
}

/** Annual financing rate earned (positive) or paid (negative) by one side of an instrument. */
export function annualFinancingRate(instrument: SimInstrumentName, long: boolean): number {
  const { base, quote } = simCurrencies(instrument);
  const differential = (CURRENCY_INTEREST_RATES[base] ?? 0) - (CURRENCY_INTEREST_RATES[quote] ?? 0);
  return (long ? differential : -differential) - FINANCING_MARKUP;
}

/** One day of simple interest on every open trade's notional (mid price, in the home currency), booked as DAILY_FINANCING. */
export function applyDailyFinancing(path: PricePath, account: AccountRecord, batch: TransactionBatch): void {
  const trades = openTrades(account);
  if (trades.length === 0) return;
  const byInstrument = new Map<SimInstrumentName, { financingHome: number; openTradeFinancings: WireObject[] }>();
  let totalHome = 0;
  for (const trade of trades) {
    const long = trade.currentUnits > 0;
    const notionalHome = Math.abs(trade.currentUnits) * quoteAt(path, trade.instrument, batch.timeMs).mid * quoteToHome(path, trade.instrument, account.currency, batch.timeMs);
    const financingHome = Number(format.money((notionalHome * annualFinancingRate(trade.instrument, long)) / 365));
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
