import { toAccountSummary, toPosition, toTrade } from '../../../infra/broker/oanda/translate-account';
import { toCandle } from '../../../infra/broker/oanda/translate-market';
import { orderResultFromCreate, toBrokerTransaction } from '../../../infra/broker/oanda/translate-order';
import type {
  V20AccountSummaryResponse,
  V20CandlesResponse,
  V20OpenPositionsResponse,
  V20OpenTradesResponse,
  V20OrderCreateResponse,
  V20TransactionsResponse,
} from '../../../infra/broker/oanda/v20-payloads';
import accountSummary from './fixtures/account-summary.json';
import candles from './fixtures/candles.json';
import openPositions from './fixtures/open-positions.json';
import openTrades from './fixtures/open-trades.json';
import filled from './fixtures/order-create-filled.json';
import marginCancel from './fixtures/order-create-margin-cancel.json';
import closingFills from './fixtures/transactions-closing-fills.json';

describe('v20 payloads → domain values', () => {
  it('reads an account summary', () => {
    expect(toAccountSummary((accountSummary as V20AccountSummaryResponse).account)).toEqual({
      accountId: '101-004-1435156-001',
      currency: 'USD',
      balance: 99999.9762,
      nav: 99987.4752,
      marginUsed: 440.012,
      marginAvailable: 99547.4632,
      unrealizedPl: -12.501,
      realizedPl: -0.0238,
      openTradeCount: 1,
      openPositionCount: 1,
      pendingOrderCount: 2,
      lastTransactionId: '6360',
    });
  });

  it('reads a position with a flat short side', () => {
    const [position] = (openPositions as V20OpenPositionsResponse).positions.map(toPosition);
    expect(position).toEqual({
      instrument: 'EUR_USD',
      long: { units: 20000, averagePriceQuote: 1.10003, unrealizedPl: -12.501, tradeIds: ['6356', '6358'] },
      short: { units: 0, averagePriceQuote: undefined, unrealizedPl: 0, tradeIds: [] },
      netUnits: 20000,
      unrealizedPl: -12.501,
      realizedPl: -0.0238,
    });
  });

  it('reads a trade and the client order id that opened it', () => {
    const [trade] = (openTrades as V20OpenTradesResponse).trades.map(toTrade);
    expect(trade).toEqual({
      tradeId: '6356',
      instrument: 'EUR_USD',
      initialUnits: 10000,
      currentUnits: 10000,
      openPriceQuote: 1.10003,
      openTimeMs: Date.UTC(2016, 5, 22, 18, 41, 48, 258),
      unrealizedPl: -6.2505,
      realizedPl: 0,
      clientTradeId: 'wf-analysis-42-step-3',
      stopLossOrderId: '6357',
      takeProfitOrderId: undefined,
    });
  });

  it('reads the fill of a market order that filled at once', () => {
    expect(orderResultFromCreate('wf-rebalance-7-usd-cad', filled as V20OrderCreateResponse)).toEqual({
      orderId: '6372',
      clientOrderId: 'wf-rebalance-7-usd-cad',
      state: 'FILLED',
      filledUnits: -1000,
      fillPriceQuote: 1.28379,
      tradeOpenedId: '6373',
      tradeIdsClosed: [],
      transactionIds: ['6372', '6373'],
      existing: false,
    });
  });

  it('reads transactions, taking the order id from the fill or from the creating transaction itself', () => {
    const created = toBrokerTransaction((marginCancel as V20OrderCreateResponse).orderCreateTransaction!);
    const cancelled = toBrokerTransaction((marginCancel as V20OrderCreateResponse).orderCancelTransaction!);
    expect([created.orderId, created.clientOrderId, created.units, created.type]).toEqual(['6374', 'too-big', 100_000_000, 'MARKET_ORDER']);
    expect([cancelled.orderId, cancelled.clientOrderId, cancelled.reason, cancelled.type]).toEqual(['6374', 'too-big', 'INSUFFICIENT_MARGIN', 'ORDER_CANCEL']);
  });

  it('reads which trades a fill closed or reduced, and the P/L realized on each', () => {
    const [stopLoss, reversal] = (closingFills as V20TransactionsResponse).transactions.map(toBrokerTransaction);
    expect(stopLoss).toMatchObject({ reason: 'STOP_LOSS_ORDER', clientOrderId: undefined, realizedPl: -1.0349, tradesClosed: [{ tradeId: '6373', units: 1000, realizedPl: -1.0349 }] });
    expect(reversal!.tradesClosed).toEqual([{ tradeId: '6380', units: -1000, realizedPl: 1.25 }, { tradeId: '6390', units: -500, realizedPl: -0.35 }]);
    const opening = toBrokerTransaction((filled as V20OrderCreateResponse).orderFillTransaction!);
    expect(opening.tradeOpenedId).toBe('6373');
    expect(opening).not.toHaveProperty('tradesClosed');
  });

  it('reads candles with the components asked for', () => {
    const [first, last] = (candles as V20CandlesResponse).candles.map((candle) => toCandle(candle, 'EUR_USD'));
    expect(first).toEqual({
      timeMs: Date.UTC(2016, 9, 17, 15, 16),
      volume: 131,
      complete: true,
      mid: { o: 1.09917, h: 1.0992, l: 1.09904, c: 1.09906 },
      bid: { o: 1.0991, h: 1.09913, l: 1.09897, c: 1.09899 },
      ask: undefined,
    });
    expect(last?.complete).toBe(false);
  });
});
