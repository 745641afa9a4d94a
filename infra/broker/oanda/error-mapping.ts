/**
 * How OANDA's answers become BrokerErrors. HTTP 429, 5xx and transport failures are worth retrying; everything
 * else is a decision the venue made about this request and will make again.
 */
import { BrokerError } from '../../../domain/broker';
import type { BrokerErrorCode } from '../../../domain/broker';
import type { V20ErrorBody } from './v20-payloads';

const CODE_BY_REASON: Readonly<Record<string, BrokerErrorCode>> = {
  INSUFFICIENT_MARGIN: 'INSUFFICIENT_MARGIN',
  MARKET_HALTED: 'MARKET_HALTED',
  INSTRUMENT_NOT_TRADEABLE: 'MARKET_HALTED',
  INSTRUMENT_BID_HALTED: 'MARKET_HALTED',
  INSTRUMENT_ASK_HALTED: 'MARKET_HALTED',
  INSTRUMENT_UNKNOWN: 'UNKNOWN_INSTRUMENT',
  INSTRUMENT_MISSING: 'VALIDATION',
  ORDER_DOESNT_EXIST: 'ORDER_NOT_FOUND',
  NO_SUCH_ORDER: 'ORDER_NOT_FOUND',
};

/** The stable code for a venue reject or cancel reason, when the reason is one callers act on specifically. */
export function codeForReason(reason: string | undefined): BrokerErrorCode | undefined {
  return reason === undefined ? undefined : CODE_BY_REASON[reason];
}

export interface ResponseContext {
  operation: string;
  /** What a 404 without a more specific reason means for this endpoint. */
  notFoundCode?: BrokerErrorCode;
}

// OANDA reports an unknown instrument in a path or query only in words: "Invalid value specified for 'instruments'".
const UNKNOWN_INSTRUMENT_MESSAGE = /invalid value specified for '?instruments?'?|unknown instrument|instrument\b.*\b(unknown|not found|does not exist|invalid)/i;

export function brokerErrorFromResponse(context: ResponseContext, httpStatus: number, rawBody: string): BrokerError {
  const body = parseErrorBody(rawBody);
  const rejectReason = findRejectReason(body);
  const brokerMessage = body.errorMessage ?? (rawBody.trim() === '' ? undefined : rawBody.slice(0, 300));
  const details = { operation: context.operation, httpStatus, rejectReason, brokerErrorCode: body.errorCode, brokerMessage };
  return new BrokerError(codeForStatus(context, httpStatus, rejectReason ?? body.errorCode, brokerMessage), details);
}

function codeForStatus(context: ResponseContext, httpStatus: number, reason: string | undefined, message: string | undefined): BrokerErrorCode {
  if (httpStatus === 401 || httpStatus === 403) return 'UNAUTHORIZED';
  if (httpStatus === 429) return 'RATE_LIMITED';
  if (httpStatus >= 500) return 'SERVER';
  if (reason !== undefined) return codeForReason(reason) ?? (httpStatus === 404 && context.notFoundCode ? context.notFoundCode : 'VALIDATION');
  if (message && UNKNOWN_INSTRUMENT_MESSAGE.test(message)) return 'UNKNOWN_INSTRUMENT';
  if (httpStatus === 404 && context.notFoundCode) return context.notFoundCode;
  return 'VALIDATION';
}

function parseErrorBody(rawBody: string): V20ErrorBody {
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === 'object' && parsed !== null ? (parsed as V20ErrorBody) : {};
  } catch {
    return {};
  }
}

/** Order endpoints put the reason inside a `...RejectTransaction` (e.g. orderRejectTransaction.rejectReason). */
function findRejectReason(body: V20ErrorBody): string | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (!key.endsWith('RejectTransaction') || typeof value !== 'object' || value === null) continue;
    const reason = (value as { rejectReason?: unknown }).rejectReason;
    if (typeof reason === 'string') return reason;
  }
  return undefined;
}

/** A failure below HTTP: refused or reset connections, DNS, TLS. Always retryable. */
export function brokerErrorFromTransport(operation: string, error: unknown): BrokerError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  return new BrokerError('NETWORK', { operation, brokerMessage: typeof code === 'string' ? `${code}: ${text}` : text });
}

export function timeoutError(operation: string, timeoutMs: number): BrokerError {
  return new BrokerError('TIMEOUT', { operation, brokerMessage: `no complete answer within ${timeoutMs} ms` });
}

/** A venue's reject or cancel reason as a BrokerError; the reason is kept for people and audit logs. */
export function rejectionError(operation: string, reason: string | undefined, message: string): BrokerError {
  return new BrokerError(codeForReason(reason) ?? 'ORDER_REJECTED', { operation, rejectReason: reason, brokerMessage: message });
}
