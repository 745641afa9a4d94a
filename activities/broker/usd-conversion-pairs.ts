import { currencies, type InstrumentName } from '../../domain/market';
import { usdPairOf } from '../../domain/money/usd-conversion';

/** The instruments whose prices convert these instruments to USD (e.g. USD_JPY for EUR_JPY), plus the instruments. */
export function instrumentsWithUsdConversions(instruments: readonly InstrumentName[]): InstrumentName[] {
  const wanted = new Set(instruments);
  for (const instrument of instruments) {
    const pair = usdPairOf(currencies(instrument).quote);
    if (pair) wanted.add(pair);
  }
  return [...wanted].sort();
}
