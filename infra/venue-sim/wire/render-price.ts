import { knownSimInstrument } from '../market/instruments';
import { SHOWN_LIQUIDITY_UNITS } from '../engine/market-depth';
import type { SimQuote } from '../price/quotes';
import * as format from './format';

/**
 * A v20 ClientPrice, with the units a MARKET order finds at the price as its liquidity. Closeout prices sit half a
 * spread outside the book, as OANDA's closeout prices do.
 */
export function renderClientPrice(quote: SimQuote, homePerQuote: number, liquidityUnits: number | undefined = undefined): Record<string, unknown> {
  const liquidity = liquidityUnits ?? SHOWN_LIQUIDITY_UNITS;
  const precision = knownSimInstrument(quote.instrument).displayPrecision;
  const halfSpread = (quote.ask - quote.bid) / 2;
  const factor = homePerQuote.toFixed(8);
  return {
    type: 'PRICE',
    instrument: quote.instrument,
    time: format.time(quote.timeMs),
    status: quote.tradeable ? 'tradeable' : 'non-tradeable',
    tradeable: quote.tradeable,
    bids: [{ price: format.price(quote.bid, precision), liquidity }],
    asks: [{ price: format.price(quote.ask, precision), liquidity }],
    closeoutBid: format.price(quote.bid - halfSpread, precision),
    closeoutAsk: format.price(quote.ask + halfSpread, precision),
    quoteHomeConversionFactors: { positiveUnits: factor, negativeUnits: factor },
  };
}
