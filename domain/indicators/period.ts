/** Indicator periods are bar counts: a bad one is a programming error, so it throws instead of returning NaN forever. */
export function assertPeriod(name: string, period: number): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`${name} must be a positive integer, got ${period}`);
}

/** A Float64Array of the given length filled with NaN: batch outputs are NaN during warm-up. */
export function nanArray(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}
