import { knownSimInstrument } from '../market/instruments';
import type { SimQuote } from '../price/quotes';
import * as format from './format';

/** Liquidity OANDA shows at the top of book for majors; the simulator fills any size at one price. */
const TOP_OF_BOOK_LIQUIDITY = 10_000_000;

/** A v20 ClientPrice. Closeout prices sit half a spread outside the book, as OANDA's closeout prices do. */
export function renderClientPrice(quote: SimQuote, homePerQuote: number): Record<string, unknown> {
  const precision = knownSimInstrument(quote.instrument).displayPrecision;
  const halfSpread = (quote.ask - quote.bid) / 2;
  const factor = homePerQuote.toFixed(8);
  return {
    type: 'PRICE',
    instrument: quote.instrument,
    time: format.time(quote.timeMs),
    status: quote.tradeable ? 'tradeable' : 'non-tradeable',
    tradeable: quote.tradeable,
    bids: [{ price: format.price(quote.bid, precision), liquidity: TOP_OF_BOOK_LIQUIDITY }],
    asks: [{ price: format.price(quote.ask, precision), liquidity: TOP_OF_BOOK_LIQUIDITY }],
    closeoutBid: format.price(quote.bid - halfSpread, precision),
    closeoutAsk: format.price(quote.ask + halfSpread, precision),
    quoteHomeConversionFactors: { positiveUnits: factor, negativeUnits: factor },
  };
}
