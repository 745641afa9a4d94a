/**
 * The one place OANDA's wire formats become numbers and epoch milliseconds, and back. Decimals travel as strings
 * (e.g. "1.10523") and times as RFC3339 with up to nanosecond precision (e.g. "2016-06-22T18:41:29.264030555Z").
 * Anything malformed fails here, loudly, naming the field.
 */
import { INSTRUMENTS } from '../../../domain/market';

export class V20PayloadError extends Error {
  override readonly name = 'V20PayloadError';
}

export function decimal(value: string | undefined, field: string): number {
  if (value === undefined) throw new V20PayloadError(`OANDA field ${field} is missing`);
  const trimmed = value.trim();
  const parsed = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(parsed)) throw new V20PayloadError(`OANDA field ${field} is not a decimal: ${JSON.stringify(value)}`);
  return parsed;
}

export function optionalDecimal(value: string | undefined, field: string): number | undefined {
  return value === undefined ? undefined : decimal(value, field);
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

export function timeMs(value: string | undefined, field: string): number {
  if (value === undefined) throw new V20PayloadError(`OANDA field ${field} is missing`);
  const match = RFC3339.exec(value);
  if (!match) throw new V20PayloadError(`OANDA field ${field} is not an RFC3339 time: ${JSON.stringify(value)}`);
  const [, seconds, fraction = '', zone] = match;
  // Date.parse is only specified for millisecond precision, so the nanosecond digits are cut to three.
  const millis = Date.parse(`${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  if (Number.isNaN(millis)) throw new V20PayloadError(`OANDA field ${field} is not a valid time: ${JSON.stringify(value)}`);
  return millis;
}

export function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** A price as OANDA accepts it: no more decimals than the instrument's display precision. */
export function wirePrice(instrument: string, priceQuote: number): string {
  const spec = INSTRUMENTS[instrument];
  return spec ? priceQuote.toFixed(spec.displayPrecision) : String(priceQuote);
}

/**
 * Units as OANDA accepts them, truncated toward zero to the instrument's tradeUnitsPrecision: rounding could trade
 * more than sizing allowed (1.6 → 2). May return a zero ("0"); callers refuse that before sending.
 */
export function wireUnits(instrument: string, units: number): string {
  const spec = INSTRUMENTS[instrument];
  if (!spec) return String(units);
  const scale = 10 ** spec.tradeUnitsPrecision;
  const scaled = units * scale;
  // 1.15 * 100 is 114.99999999999999 in binary floating point: a hair below a whole step is that step.
  const nearest = Math.round(scaled);
  const steps = Math.abs(scaled - nearest) < 1e-9 ? nearest : Math.trunc(scaled);
  return (steps / scale).toFixed(spec.tradeUnitsPrecision).replace(/^-(0\.?0*)$/, '$1');
}
