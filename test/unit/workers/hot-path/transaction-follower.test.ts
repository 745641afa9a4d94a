import type { Broker } from '../../../../domain/broker/broker';
import type { BrokerTransaction, TransactionsPage } from '../../../../domain/broker/transaction';
import { fillReport, TransactionFollower, type FollowedFill } from '../../../../workers/hot-path/transaction-follower';

const ACCOUNT = '101-001-0000001-001';
const OWN = `hp-${ACCOUNT}-`;

const fill = (transactionId: string, extra: Partial<BrokerTransaction>): BrokerTransaction => ({
  transactionId, type: 'ORDER_FILL', timeMs: 1_700_000_000_000, instrument: 'EUR_USD', units: 1000, priceQuote: 1.0842, ...extra,
});

describe('fillReport', () => {
  it('recognises the hot path\'s own fills by client order id, and the venue\'s stops by reason', () => {
    expect(fillReport(fill('7', { clientOrderId: `${OWN}EUR_USD-60000-0`, reason: 'MARKET_ORDER', realizedPl: -1.5 }), OWN)).toEqual({
      instrument: 'EUR_USD', units: 1000, priceQuote: 1.0842, realizedPlAccount: -1.5, timeMs: 1_700_000_000_000, clientOrderId: `${OWN}EUR_USD-60000-0`, reason: 'order',
    });
    expect(fillReport(fill('8', { units: -1000, reason: 'STOP_LOSS_ORDER', realizedPl: -12 }), OWN)).toMatchObject({ reason: 'stop-loss', clientOrderId: undefined, realizedPlAccount: -12 });
    expect(fillReport(fill('9', { units: -1000, reason: 'TAKE_PROFIT_ORDER' }), OWN)).toMatchObject({ reason: 'take-profit', realizedPlAccount: 0 });
    expect(fillReport(fill('10', { clientOrderId: 'atr-wf-1-EUR_USD', reason: 'MARKET_ORDER' }), OWN)).toMatchObject({ reason: 'external', clientOrderId: undefined });
    expect(fillReport({ transactionId: '11', type: 'MARKET_ORDER', timeMs: 0, clientOrderId: `${OWN}x` }, OWN)).toBeUndefined();
  });
});

describe('TransactionFollower', () => {
  it('reads every page after the starting id, in order, and hands over only fills', async () => {
    const pages: Record<string, TransactionsPage> = {
      '100': { transactions: [{ transactionId: '101', type: 'MARKET_ORDER', timeMs: 0 }, fill('102', { reason: 'STOP_LOSS_ORDER', units: -5 })], lastTransactionId: '104' },
      '102': { transactions: [fill('103', { reason: 'MARKET_ORDER', clientOrderId: `${OWN}a` }), { transactionId: '104', type: 'DAILY_FINANCING', timeMs: 0 }], lastTransactionId: '104' },
      '104': { transactions: [], lastTransactionId: '104' },
    };
    const asked: string[] = [];
    const broker = {
      accountId: ACCOUNT,
      transactionsSince: async (id: string) => {
        asked.push(id);
        return pages[id]!;
      },
    } as unknown as Broker;
    const fills: FollowedFill[] = [];
    const follower = new TransactionFollower(broker, '100', (followed) => fills.push(followed), (error) => { throw error; });
    await follower.poll();
    expect(asked).toEqual(['100', '102']);
    expect(follower.lastTransactionId).toBe('104');
    expect(fills.map((followed) => [followed.transaction.transactionId, followed.report.reason, followed.report.units])).toEqual([['102', 'stop-loss', -5], ['103', 'order', 1000]]);
    await follower.poll();
    expect(asked).toEqual(['100', '102', '104']);
    expect(fills).toHaveLength(2);
  });
});
