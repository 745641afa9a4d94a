import { currencies, type InstrumentName } from '../market';

/**
 * Resolves once how to value one unit of the instrument's quote currency in the account currency, and returns
 * that as a function of the mid price (the backtester calls it every bar). P/L of USD_JPY is in JPY: for a USD
 * account that is 1/price; for a cross such as EUR_JPY in a USD account the caller supplies the JPY→USD rate.
 */
export function quoteToAccountConverter(instrument: InstrumentName, accountCurrency: string, quoteToAccountCrossRate?: number): (midPrice: number) => number {
  const { base, quote } = currencies(instrument);
  if (quote === accountCurrency) return () => 1;
  if (base === accountCurrency) return (midPrice) => 1 / midPrice;
  if (quoteToAccountCrossRate === undefined || !(quoteToAccountCrossRate > 0)) {
    throw new Error(`${instrument} P/L is in ${quote}: a ${quote}→${accountCurrency} rate is needed for a ${accountCurrency} account`);
  }
  return () => quoteToAccountCrossRate;
}

export function quoteToAccountRate(instrument: InstrumentName, accountCurrency: string, midPrice: number, quoteToAccountCrossRate?: number): number {
  return quoteToAccountConverter(instrument, accountCurrency, quoteToAccountCrossRate)(midPrice);
}
