/** A v20 response before it is written: status code, JSON body and extra headers. */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function ok(body: unknown, status = 200): ApiResult {
  return { status, body };
}

/** A v20 error body: errorMessage always, errorCode when OANDA sends one, plus any transaction fields. */
export function apiError(status: number, errorMessage: string, errorCode?: string, extra: Record<string, unknown> = {}): ApiResult {
  return { status, body: { ...extra, ...(errorCode ? { errorCode } : {}), errorMessage } };
}
