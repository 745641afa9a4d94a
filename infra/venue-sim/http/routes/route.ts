import type { AccountRecord } from '../../engine/account-state';
import type { Venue } from '../../engine/venue';
import { apiError, type ApiResult } from '../../wire/api-result';
import * as format from '../../wire/format';

export interface RouteRequest {
  /** Scheme and host the request was made to, for the URLs an answer gives (transaction pages). */
  origin: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** A pricing stream's request: its instruments, whether to send current prices first, the account's home currency. */
export interface StreamRequest { instruments: string[]; snapshot: boolean; homeCurrency: string }

/** A route either answers with a JSON result or takes over the response as a pricing or transaction stream. */
export type RouteOutcome = ApiResult | { stream: StreamRequest } | { transactionStream: AccountRecord };

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  pattern: RegExp;
  handle(venue: Venue, request: RouteRequest): RouteOutcome;
}

/** A route for a v20 path template such as /v3/accounts/{accountID}; placeholders become named groups. */
export const route = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
  method,
  pattern: new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
  handle,
});

/** Resolves {accountID}; an unknown account is a 400 where the v20 spec has no 404 for the path, as OANDA answers. */
export function withAccount(missingStatus: 400 | 404, handle: (venue: Venue, account: AccountRecord, request: RouteRequest) => RouteOutcome): Route['handle'] {
  return (venue, request) => {
    const account = venue.account(request.params.accountID!);
    if (!account) return apiError(missingStatus, `Invalid value specified for 'accountID': ${request.params.accountID} is not an account of this token`);
    return handle(venue, account, request);
  };
}

export const lastTransactionId = (account: AccountRecord): string => format.id(account.lastTransactionId);

/** v20 list endpoints: `count` defaults per endpoint and is capped at 500. */
export function listCount(query: URLSearchParams, fallback: number): number {
  return Math.min(Number(query.get('count') ?? fallback) || fallback, 500);
}

export function newestFirst<T extends { id: string }>(items: T[], count = Infinity): T[] {
  return [...items].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, count);
}
