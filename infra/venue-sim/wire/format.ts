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
