import { ApplicationFailure } from '@temporalio/common';
import { brokerFailure } from '../../../activities/broker/broker-failure';
import { BrokerError } from '../../../domain/broker';

describe('brokerFailure', () => {
  it('makes a retryable broker error a retryable failure of the same type', () => {
    const failure = brokerFailure(new BrokerError('TIMEOUT', { operation: 'placeOrder EUR_USD client id x' })) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('TIMEOUT');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe('placeOrder EUR_USD client id x failed: TIMEOUT');
  });

  it('makes a rejection non-retryable and keeps the venue reason in the details', () => {
    const failure = brokerFailure(new BrokerError('INSUFFICIENT_MARGIN', { operation: 'placeOrder EUR_USD', rejectReason: 'INSUFFICIENT_MARGIN', httpStatus: 201 })) as ApplicationFailure;
    expect(failure.type).toBe('INSUFFICIENT_MARGIN');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details).toEqual([{ operation: 'placeOrder EUR_USD', httpStatus: 201, rejectReason: 'INSUFFICIENT_MARGIN' }]);
  });

  it('passes any other error through unchanged, for Temporal to retry', () => {
    const error = new Error('connection terminated');
    expect(brokerFailure(error)).toBe(error);
  });
});
