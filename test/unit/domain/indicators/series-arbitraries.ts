import fc from 'fast-check';

/**
 * A positive random-walk price series starting at 1.1, like EUR_USD: log returns up to ±1% a bar in steps of 1e-5
 * (about a pipette), so flat stretches are exactly flat instead of differing in the last bit.
 */
export const priceSeries = (minLength = 1, maxLength = 250): fc.Arbitrary<Float64Array> =>
  fc.array(fc.integer({ min: -1000, max: 1000 }).map((steps) => steps * 1e-5), { minLength, maxLength }).map((returns) => {
    const prices = new Float64Array(returns.length);
    let price = 1.1;
    returns.forEach((logReturn, i) => {
      price *= Math.exp(logReturn);
      prices[i] = price;
    });
    return prices;
  });

/** High/low/close bars around a random walk: high >= close >= low. */
export const hlcSeries = (minLength = 1, maxLength = 250): fc.Arbitrary<{ high: Float64Array; low: Float64Array; close: Float64Array }> =>
  fc.tuple(priceSeries(minLength, maxLength), fc.array(fc.double({ min: 0, max: 0.005, noNaN: true }), { minLength: 2 * maxLength, maxLength: 2 * maxLength }))
    .map(([close, wicks]) => ({
      close,
      high: close.map((c, i) => c + wicks[2 * i]!),
      low: close.map((c, i) => c - wicks[2 * i + 1]!),
    }));

/**
 * Streaming and batch agree within 1e-9 relative to `scale` or the value, whichever is larger: indicators such as
 * MACD sit near zero, where the honest yardstick of rounding error is the price level they are computed from.
 */
export function expectSeriesClose(actual: ArrayLike<number>, expected: ArrayLike<number>, scale = 1): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) throw new Error(`index ${i}: got ${a}, expected ${e}`);
      continue;
    }
    const tolerance = 1e-9 * Math.max(Math.abs(e), scale);
    if (Math.abs(a - e) > tolerance) throw new Error(`index ${i}: got ${a}, expected ${e} (tolerance ${tolerance})`);
  }
}

/** Collects `step(i)` for every index: run a streaming indicator and keep what each update returns. */
export function collect(length: number, step: (i: number) => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = step(i);
  return out;
}
