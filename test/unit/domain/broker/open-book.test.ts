import type { Position, Trade } from '../../../../domain/broker';
import { openBook } from '../../../../domain/broker/open-book';
import type { Order } from '../../../../domain/broker/order';

const side = (units: number) => ({ units, unrealizedPl: 0, tradeIds: [] });
const position = (instrument: string, netUnits: number): Position => ({ instrument, long: side(Math.max(netUnits, 0)), short: side(Math.min(netUnits, 0)), netUnits, unrealizedPl: 0, realizedPl: 0 });
const trade = (tradeId: string, instrument: string, stops: { stopLossOrderId?: string; takeProfitOrderId?: string } = {}): Trade => ({
  tradeId, instrument, initialUnits: 100, currentUnits: 100, openPriceQuote: 1.1, openTimeMs: 0, unrealizedPl: 0, realizedPl: 0, ...stops,
});
const order = (orderId: string, type: string, priceQuote: number, tradeId?: string): Order => ({ orderId, type, state: 'PENDING', priceQuote, createTimeMs: 0, ...(tradeId ? { tradeId } : { instrument: 'GBP_USD', units: 10 }) });

describe('openBook', () => {
  it('gives each trade its stop and target prices, each position the common one (or mixed), and keeps only entry orders pending', () => {
    const book = openBook(
      [position('EUR_USD', 200), position('USD_JPY', -100), position('AUD_USD', 100)],
      [trade('1', 'EUR_USD', { stopLossOrderId: 's1', takeProfitOrderId: 't1' }), trade('2', 'EUR_USD', { stopLossOrderId: 's2' }),
        trade('3', 'USD_JPY', { stopLossOrderId: 's3' }), trade('4', 'AUD_USD')],
      [order('s1', 'STOP_LOSS', 1.09, '1'), order('t1', 'TAKE_PROFIT', 1.12, '1'), order('s2', 'STOP_LOSS', 1.09, '2'), order('s3', 'STOP_LOSS', 151.2, '3'), order('e1', 'LIMIT', 1.2)],
    );
    expect(book.trades.map((t) => [t.tradeId, t.stopLossPrice, t.takeProfitPrice])).toEqual([['1', 1.09, 1.12], ['2', 1.09, null], ['3', 151.2, null], ['4', null, null]]);
    expect(book.positions.map((p) => [p.instrument, p.stopLossPrice, p.takeProfitPrice])).toEqual([['EUR_USD', 1.09, 'mixed'], ['USD_JPY', 151.2, null], ['AUD_USD', null, null]]);
    expect(book.pendingOrders.map((o) => o.orderId)).toEqual(['e1']);
  });
});
