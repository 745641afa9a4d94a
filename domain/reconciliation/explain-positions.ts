/**
 * Whether what the broker holds is explained by the product's own books: every open trade opened by an order the
 * product placed, and every instrument's net units equal to the fills of those orders (and the venue's own closes of
 * their trades). Pure: the reconciler reads both sides at one broker transaction and asks this what does not match.
 */
export const MISMATCH_KINDS = ['unexplained_trade', 'units_differ'] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];
export const MISMATCH_STATUSES = ['open', 'cleared', 'accepted'] as const;
export type MismatchStatus = (typeof MISMATCH_STATUSES)[number];

/**
 * Fills the venue makes by itself on a trade an order opened (its stop-loss, take-profit, a margin closeout): they
 * carry no client order id, and belong to the book of whoever opened the trade.
 */
export const VENUE_INITIATED_FILL_REASONS = [
  'STOP_LOSS_ORDER', 'TAKE_PROFIT_ORDER', 'TRAILING_STOP_LOSS_ORDER', 'MARKET_ORDER_MARGIN_CLOSEOUT', 'MARKET_ORDER_DELAYED_TRADE_CLOSE',
] as const;

export interface BrokerHoldings {
  /** Net units per instrument. */
  positions: Readonly<Record<string, number>>;
  trades: ReadonlyArray<{ tradeId: string; instrument: string; currentUnits: number; clientTradeId?: string }>;
}

export interface ProductBook {
  /** Net units per instrument from the fills of known orders, the venue's closes of their trades, and accepted adjustments. */
  units: Readonly<Record<string, number>>;
  /** Client order ids of this account's orders rows (the trades they opened carry them as client trade ids). */
  knownClientOrderIds: ReadonlySet<string>;
  /** Trades an admin accepted as explained. */
  acceptedTradeIds: ReadonlySet<string>;
}

export interface Mismatch {
  kind: MismatchKind;
  instrument: string;
  /** '' for units_differ. */
  tradeId: string;
  brokerUnits: number;
  bookUnits: number;
}

/** Units are whole for every instrument the product trades; this absorbs the float sums of fractional ones. */
const UNIT_TOLERANCE = 1e-6;

export function explainPositions(broker: BrokerHoldings, book: ProductBook): Mismatch[] {
  const trades: Mismatch[] = broker.trades
    .filter((trade) => !(trade.clientTradeId && book.knownClientOrderIds.has(trade.clientTradeId)) && !book.acceptedTradeIds.has(trade.tradeId))
    .map((trade) => ({ kind: 'unexplained_trade', instrument: trade.instrument, tradeId: trade.tradeId, brokerUnits: trade.currentUnits, bookUnits: 0 }));
  const instruments = [...new Set([...Object.keys(broker.positions), ...Object.keys(book.units)])].sort();
  const units: Mismatch[] = instruments
    .map((instrument): Mismatch => ({ kind: 'units_differ', instrument, tradeId: '', brokerUnits: broker.positions[instrument] ?? 0, bookUnits: book.units[instrument] ?? 0 }))
    .filter((mismatch) => Math.abs(mismatch.brokerUnits - mismatch.bookUnits) > UNIT_TOLERANCE);
  return [...trades, ...units];
}

/** The identity of a mismatch across runs: the same trade, or the same instrument's units. */
export function mismatchKey(mismatch: Pick<Mismatch, 'kind' | 'instrument' | 'tradeId'>): string {
  return `${mismatch.kind}:${mismatch.instrument}:${mismatch.tradeId}`;
}
