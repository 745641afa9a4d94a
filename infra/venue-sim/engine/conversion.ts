import { type SimInstrumentName, simCurrencies, simInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';

/** USD per one unit of `currency` at timeMs, from the mid of the USD pair that quotes it. */
export function usdPerUnit(path: PricePath, currency: string, timeMs: number): number {
  if (currency === 'USD') return 1;
  if (simInstrument(`${currency}_USD`)) return quoteAt(path, `${currency}_USD`, timeMs).mid;
  if (simInstrument(`USD_${currency}`)) return 1 / quoteAt(path, `USD_${currency}`, timeMs).mid;
  throw new Error(`no USD conversion for currency ${currency}`);
}

/** USD per unit of the instrument's quote currency: multiplies P/L and notional in quote currency. */
export function quoteToUsd(path: PricePath, instrument: SimInstrumentName, timeMs: number): number {
  return usdPerUnit(path, simCurrencies(instrument).quote, timeMs);
}
