import { currencies, INSTRUMENTS, type InstrumentName } from '../../domain/market';

/** The instruments whose prices convert these instruments to USD (e.g. USD_JPY for EUR_JPY), plus the instruments. */
export function instrumentsWithUsdConversions(instruments: readonly InstrumentName[]): InstrumentName[] {
  const wanted = new Set(instruments);
  for (const instrument of instruments) {
    const { quote } = currencies(instrument);
    if (quote === 'USD') continue;
    const pair = [`${quote}_USD`, `USD_${quote}`].find((name) => INSTRUMENTS[name]);
    if (pair) wanted.add(pair);
  }
  return [...wanted].sort();
}
