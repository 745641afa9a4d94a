import { type SimInstrumentName, simCurrencies, simInstrument } from '../market/instruments';
import type { PricePath } from '../price/price-path';
import { quoteAt } from '../price/quotes';

/** USD per one unit of `currency` at timeMs, from the mid of the USD pair that quotes it. */
function usdPerUnit(path: PricePath, currency: string, timeMs: number): number {
  if (currency === 'USD') return 1;
  if (simInstrument(`${currency}_USD`)) return quoteAt(path, `${currency}_USD`, timeMs).mid;
  if (simInstrument(`USD_${currency}`)) return 1 / quoteAt(path, `USD_${currency}`, timeMs).mid;
  throw new Error(`no USD conversion for currency ${currency}`);
}

/** Units of the home (account) currency per one unit of `currency` at timeMs, crossed through USD. */
export function homePerUnit(path: PricePath, currency: string, home: string, timeMs: number): number {
  return currency === home ? 1 : usdPerUnit(path, currency, timeMs) / usdPerUnit(path, home, timeMs);
}

/** Home currency per unit of the instrument's quote currency: multiplies P/L and notional in quote currency. */
export function quoteToHome(path: PricePath, instrument: SimInstrumentName, home: string, timeMs: number): number {
  return homePerUnit(path, simCurrencies(instrument).quote, home, timeMs);
}

/** Whether accounts may be opened in `currency`: it needs a USD pair to convert through. */
export function isConvertibleCurrency(currency: string): boolean {
  return currency === 'USD' || simInstrument(`${currency}_USD`) !== undefined || simInstrument(`USD_${currency}`) !== undefined;
}
