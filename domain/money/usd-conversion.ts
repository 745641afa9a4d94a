/**
 * Conversion of instrument amounts into USD, the currency the product measures money in. Notional limits, VaR and
 * portfolio weights are all in USD, so every caller converts here; an account whose home currency is another one has
 * its amounts converted where they leave the broker (infra/broker/usd-measured-broker.ts).
 */
import { currencies, INSTRUMENTS, type InstrumentName } from '../market';

/** Mid prices by instrument, in the instrument's quote currency per unit of base currency. */
export type MidPrices = Readonly<Record<InstrumentName, number | undefined>>;

const ACCOUNT_CURRENCY = 'USD';

/** Which prices convert an instrument to USD; derived from its name once, as the hot path converts on every order. */
interface ConversionRoute {
  quote: string;
  baseIsUsd: boolean;
  quoteIsUsd: boolean;
  /** QUOTE_USD, quoted as USD per unit of quote currency. */
  directPair: string;
  /** USD_QUOTE, its inverse. */
  inversePair: string;
}

const routes = new Map<InstrumentName, ConversionRoute>();

function routeFor(instrument: InstrumentName): ConversionRoute {
  let route = routes.get(instrument);
  if (!route) {
    const { base, quote } = currencies(instrument);
    route = {
      quote,
      baseIsUsd: base === ACCOUNT_CURRENCY,
      quoteIsUsd: quote === ACCOUNT_CURRENCY,
      directPair: `${quote}_${ACCOUNT_CURRENCY}`,
      inversePair: `${ACCOUNT_CURRENCY}_${quote}`,
    };
    routes.set(instrument, route);
  }
  return route;
}

/** USD per unit of the instrument's quote currency; undefined when neither USD pair of that currency is quoted. */
function findQuoteToUsdRate(route: ConversionRoute, prices: MidPrices): number | undefined {
  if (route.quoteIsUsd) return 1;
  const direct = prices[route.directPair];
  if (direct !== undefined && direct > 0) return direct;
  const inverse = prices[route.inversePair];
  if (inverse !== undefined && inverse > 0) return 1 / inverse;
  return undefined;
}

/**
 * USD value of one unit of the instrument's base currency at `priceQuote`; undefined when a needed price is missing.
 * Does not throw, so the hot path's risk gate can fail closed with a reason instead of an exception.
 */
export function findUsdPerUnit(instrument: InstrumentName, priceQuote: number | undefined, prices: MidPrices): number | undefined {
  const route = routeFor(instrument);
  if (route.baseIsUsd) return 1;
  const quoteRate = findQuoteToUsdRate(route, prices);
  if (quoteRate === undefined || priceQuote === undefined || !(priceQuote > 0)) return undefined;
  return priceQuote * quoteRate;
}

/** USD per unit of the instrument's quote currency (1 for EUR_USD, 1 / USD_JPY for USD_JPY and EUR_JPY). */
export function quoteToUsdRate(instrument: InstrumentName, prices: MidPrices): number {
  const route = routeFor(instrument);
  const rate = findQuoteToUsdRate(route, prices);
  if (rate === undefined) {
    throw new Error(`no price to convert ${route.quote} to ${ACCOUNT_CURRENCY} for ${instrument}: need ${route.directPair} or ${route.inversePair}`);
  }
  return rate;
}

/** The instrument that prices `currency` against USD (XXX_USD or USD_XXX); undefined for USD or when none is traded. */
export function usdPairOf(currency: string): InstrumentName | undefined {
  if (currency === ACCOUNT_CURRENCY) return undefined;
  return [`${currency}_${ACCOUNT_CURRENCY}`, `${ACCOUNT_CURRENCY}_${currency}`].find((name) => INSTRUMENTS[name]);
}

/** USD per one unit of `currency`, given the mid of its USD pair (see usdPairOf). */
export function usdPerCurrencyUnit(currency: string, usdPairMid: number): number {
  if (currency === ACCOUNT_CURRENCY) return 1;
  if (!(usdPairMid > 0)) throw new RangeError(`the ${currency}/USD price must be positive, got ${usdPairMid}`);
  return usdPairOf(currency)?.startsWith(`${currency}_`) ? usdPairMid : 1 / usdPairMid;
}

/** USD value of one unit of the instrument at its mid price in `prices` (the size of a 1-unit position). */
export function usdPerUnit(instrument: InstrumentName, prices: MidPrices): number {
  const rate = findUsdPerUnit(instrument, prices[instrument], prices);
  if (rate !== undefined) return rate;
  const price = prices[instrument];
  if (price === undefined || !(price > 0)) throw new Error(`no usable mid price for ${instrument} (got ${price})`);
  // The instrument's own price is fine, so the quote-currency conversion is what is missing: let it name the pair.
  return price * quoteToUsdRate(instrument, prices);
}

/** Notional in USD of `units` of the instrument (signed like `units`: negative for a short position). */
export function notionalUsd(instrument: InstrumentName, units: number, prices: MidPrices): number {
  return units * usdPerUnit(instrument, prices);
}
