/** v20 wire encodings: decimals are strings, times RFC 3339 with nanoseconds, ids strings of integers. */

/** Account currency amounts, four decimals as OANDA prints them. */
export function money(amount: number): string {
  return (Math.round(amount * 1e4) / 1e4 + 0).toFixed(4);
}

export function price(value: number, precision: number): string {
  return value.toFixed(precision);
}

export function units(value: number): string {
  return String(value + 0);
}

export function time(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

const RFC3339_NANOS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{9})Z$/;

/** Every time in a response, RFC 3339 as rendered, rewritten as UNIX seconds with nine decimals when asked for. */
export function withDatetimeFormat<T>(value: T, datetimeFormat: DatetimeFormat): T {
  if (datetimeFormat === 'RFC3339') return value;
  const rewrite = (inner: unknown): unknown => {
    if (typeof inner === 'string') {
      const match = RFC3339_NANOS.exec(inner);
      return match ? `${Math.floor(Date.parse(`${match[1]}Z`) / 1000)}.${match[2]}` : inner;
    }
    if (Array.isArray(inner)) return inner.map(rewrite);
    if (inner !== null && typeof inner === 'object') return Object.fromEntries(Object.entries(inner).map(([key, field]) => [key, rewrite(field)]));
    return inner;
  };
  return rewrite(value) as T;
}

/** v20's Accept-Datetime-Format header values. */
export type DatetimeFormat = 'RFC3339' | 'UNIX';

export function id(value: number): string {
  return String(value);
}

/** Parses an RFC 3339 time or a UNIX seconds string, as v20 accepts both; undefined when neither. */
export function parseTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Parses a DecimalNumber string; undefined when it is not one. */
export function parseDecimal(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) return undefined;
  return Number(text);
}

export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
