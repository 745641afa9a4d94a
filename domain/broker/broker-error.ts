/**
 * Every broker failure is a BrokerError with a stable code. Callers decide whether to retry from `retryable`
 * alone; the venue's own words (rejectReason, errorCode, message) ride along for people and audit logs.
 */
export const RETRYABLE_BROKER_ERROR_CODES = ['RATE_LIMITED', 'TIMEOUT', 'NETWORK', 'SERVER'] as const;

export const NON_RETRYABLE_BROKER_ERROR_CODES = [
  'UNKNOWN_INSTRUMENT',
  'INSUFFICIENT_MARGIN',
  'MARKET_HALTED',
  'VALIDATION',
  'ORDER_NOT_FOUND',
  'UNAUTHORIZED',
  /** The venue refused or cancelled the order for a reason none of the codes above names; see rejectReason. */
  'ORDER_REJECTED',
  /** The venue holds an order with this client order id that is not the order asked for (instrument, units or type differ). */
  'CLIENT_ORDER_ID_MISMATCH',
  /** A cancel came too late: the order filled first. */
  'ORDER_ALREADY_FILLED',
] as const;

export type BrokerErrorCode =
  | (typeof RETRYABLE_BROKER_ERROR_CODES)[number]
  | (typeof NON_RETRYABLE_BROKER_ERROR_CODES)[number];

export interface BrokerErrorDetails {
  /** What was being attempted, e.g. `placeOrder EUR_USD client id wf-1-step-3`. */
  operation: string;
  httpStatus?: number;
  /** The venue's reject or cancel reason, e.g. INSUFFICIENT_MARGIN, MARKET_HALTED. */
  rejectReason?: string;
  /** The venue's errorCode field, when it sent one. */
  brokerErrorCode?: string;
  /** The venue's errorMessage, or the transport's error text. */
  brokerMessage?: string;
}

const RETRYABLE = new Set<BrokerErrorCode>(RETRYABLE_BROKER_ERROR_CODES);

export class BrokerError extends Error {
  override readonly name = 'BrokerError';
  readonly retryable: boolean;
  readonly operation: string;
  readonly httpStatus?: number;
  readonly rejectReason?: string;
  readonly brokerErrorCode?: string;
  readonly brokerMessage?: string;

  constructor(readonly code: BrokerErrorCode, details: BrokerErrorDetails) {
    super(describe(code, details));
    this.retryable = RETRYABLE.has(code);
    this.operation = details.operation;
    this.httpStatus = details.httpStatus;
    this.rejectReason = details.rejectReason;
    this.brokerErrorCode = details.brokerErrorCode;
    this.brokerMessage = details.brokerMessage;
  }
}

export function isBrokerError(error: unknown): error is BrokerError {
  return error instanceof BrokerError;
}

function describe(code: BrokerErrorCode, details: BrokerErrorDetails): string {
  const parts = [`${details.operation} failed: ${code}`];
  if (details.httpStatus !== undefined) parts.push(`HTTP ${details.httpStatus}`);
  if (details.rejectReason) parts.push(`reason ${details.rejectReason}`);
  if (details.brokerErrorCode && details.brokerErrorCode !== details.rejectReason) parts.push(`errorCode ${details.brokerErrorCode}`);
  if (details.brokerMessage) parts.push(`"${details.brokerMessage}"`);
  return parts.join(', ');
}
