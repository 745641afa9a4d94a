/**
 * Client order ids of hot-path orders: derived from what the decision was about, so a restarted engine that makes
 * the same decision on the same bar asks for the same id, and the broker's idempotent placement returns the order
 * already placed instead of placing a second one. OANDA accepts up to 128 characters.
 */
import type { InstrumentName } from '../market';

const PREFIX = 'hp';
const MAX_LENGTH = 128;

/** `sequence` counts the orders already decided for this instrument on this bar (0 for the first). */
export function hotPathClientOrderId(accountId: string, instrument: InstrumentName, barTimeMs: number, sequence: number): string {
  if (!Number.isInteger(barTimeMs) || !Number.isInteger(sequence) || sequence < 0) {
    throw new RangeError(`client order id needs an integer bar time and a non-negative integer sequence, got ${barTimeMs} and ${sequence}`);
  }
  const id = `${PREFIX}-${accountId}-${instrument}-${barTimeMs}-${sequence}`;
  if (id.length > MAX_LENGTH) throw new RangeError(`client order id ${id} is longer than ${MAX_LENGTH} characters`);
  return id;
}
