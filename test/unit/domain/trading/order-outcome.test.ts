import type { OrderResult } from '../../../../domain/broker/order';
import { outcomeOfLookUp, outcomeOfRefusal, outcomeOfResult } from '../../../../domain/trading/order-outcome';

const result = (state: OrderResult['state'], filledUnits: number): OrderResult => ({
  orderId: '42', clientOrderId: 'c', state, filledUnits, fillPriceQuote: filledUnits === 0 ? undefined : 1.1, tradeIdsClosed: [], transactionIds: ['42'], existing: false,
});

describe('order outcomes', () => {
  it('maps what the venue says of an order to the status of its row, the one mapping every path uses', () => {
    expect(outcomeOfResult(result('FILLED', 1_000))).toEqual({ status: 'filled', brokerOrderId: '42', filledUnits: 1_000, fillPrice: 1.1 });
    expect(outcomeOfResult(result('PENDING', 0))).toEqual({ status: 'pending', brokerOrderId: '42', filledUnits: 0, fillPrice: undefined });
    expect(outcomeOfResult(result('CANCELLED', 0)).status).toBe('cancelled');
    expect(outcomeOfResult(result('TRIGGERED', 0)).status).toBe('pending');
  });

  it('closes an order the venue never received as cancelled, for the reason given', () => {
    expect(outcomeOfLookUp(undefined, 'NOT_AT_BROKER_ON_RESTART')).toEqual({ status: 'cancelled', rejectReason: 'NOT_AT_BROKER_ON_RESTART' });
    expect(outcomeOfLookUp(result('FILLED', 5), 'unused').status).toBe('filled');
    expect(outcomeOfRefusal('INSUFFICIENT_MARGIN')).toEqual({ status: 'rejected', rejectReason: 'INSUFFICIENT_MARGIN' });
  });
});
