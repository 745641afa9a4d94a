/** Validation of explicitly configured target weights (signed: FX can be long or short). */
import type { InstrumentName } from '../market';

export type TargetWeights = Readonly<Record<InstrumentName, number>>;

/** Rounding slack when checking that gross weight does not exceed 1. */
const GROSS_TOLERANCE = 1e-9;

/** Weights must be finite and their absolute values sum to at most 1 (leverage is the rebalancer's grossExposure). */
export function validateTargetWeights(weights: TargetWeights): TargetWeights {
  let grossWeight = 0;
  for (const [instrument, weight] of Object.entries(weights)) {
    if (!Number.isFinite(weight)) throw new RangeError(`target weight of ${instrument} is not a finite number: ${weight}`);
    grossWeight += Math.abs(weight);
  }
  if (grossWeight > 1 + GROSS_TOLERANCE) {
    const largest = Object.entries(weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0]![0];
    throw new RangeError(`target weights sum to ${grossWeight} in absolute value, above 1 (largest is ${largest} at ${weights[largest]})`);
  }
  return weights;
}
