import { type SimInstrumentName, simCurrencies } from '../market/instruments';
import { CURRENCY_INTEREST_RATES, FINANCING_MARKUP } from '../price/instrument-profiles';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';
import * as format from '../wire/format';
import type { AccountRecord, WireObject } from './account-state';
import { quoteToUsd } from './conversion';
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

/** One day of simple interest on every open trade's notional (mid price, in USD), booked as DAILY_FINANCING. */
export function applyDailyFinancing(path: PricePath, account: AccountRecord, batch: TransactionBatch): void {
  const trades = openTrades(account);
  if (trades.length === 0) return;
  const byInstrument = new Map<SimInstrumentName, { financingUsd: number; openTradeFinancings: WireObject[] }>();
  let totalUsd = 0;
  for (const trade of trades) {
    const long = trade.currentUnits > 0;
    const notionalUsd = Math.abs(trade.currentUnits) * quoteAt(path, trade.instrument, batch.timeMs).mid * quoteToUsd(path, trade.instrument, batch.timeMs);
    const financingUsd = Number(format.money((notionalUsd * annualFinancingRate(trade.instrument, long)) / 365));
    trade.financingUsd += financingUsd;
    sideTotals(account, trade.instrument, long).financingUsd += financingUsd;
    totalUsd += financingUsd;
    const entry = byInstrument.get(trade.instrument) ?? { financingUsd: 0, openTradeFinancings: [] };
    entry.financingUsd += financingUsd;
    entry.openTradeFinancings.push({ tradeID: format.id(trade.id), financing: format.money(financingUsd) });
    byInstrument.set(trade.instrument, entry);
  }
  account.financingUsd = Number(format.money(account.financingUsd + totalUsd));
  account.balanceUsd = Number(format.money(account.balanceUsd + totalUsd));
  batch.add('DAILY_FINANCING', {
    financing: format.money(totalUsd),
    accountBalance: format.money(account.balanceUsd),
    accountFinancingMode: 'DAILY',
    positionFinancings: [...byInstrument].map(([instrument, e]) => ({
      instrument,
      financing: format.money(e.financingUsd),
      openTradeFinancings: e.openTradeFinancings,
    })),
  });
}
