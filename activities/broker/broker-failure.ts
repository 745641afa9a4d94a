import { ApplicationFailure } from '@temporalio/common';
import { isBrokerError } from '../../domain/broker';

/**
 * A BrokerError as a Temporal failure of the same type (its code), retryable exactly when the broker says so: a
 * timeout is retried, an order the venue rejected for lack of margin is not.
 */
export function brokerFailure(error: unknown): unknown {
  if (!isBrokerError(error)) return error;
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: !error.retryable,
    details: [{ operation: error.operation, httpStatus: error.httpStatus, rejectReason: error.rejectReason }],
  });
}

/** Runs a broker call and rethrows its BrokerError as the matching Temporal failure. */
export async function callBroker<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw brokerFailure(error);
  }
}

/** Bad input never gets better by retrying. */
export function badInput(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
