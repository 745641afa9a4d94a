/** Target portfolio weights by method: what the rebalance workflow turns into orders. */
import type { InstrumentName } from '../market';
import { covarianceMatrix, sampleStdDev } from '../math/statistics';
import { validateTargetWeights, type TargetWeights } from './explicit-weights';
import { DEFAULT_RISK_PARITY_OPTIONS, riskParityWeights, type RiskParityOptions } from './risk-parity';

export const WEIGHTING_METHODS = ['equal_weight', 'inverse_volatility', 'risk_parity', 'target_weights'] as const;
export type WeightingMethod = (typeof WEIGHTING_METHODS)[number];

export interface WeightingInputs {
  instruments: readonly InstrumentName[];
  /** Aligned per-period returns; needed by inverse_volatility and risk_parity. */
  returns?: Readonly<Record<InstrumentName, Float64Array>>;
  /** Needed by target_weights; instruments missing here get weight 0. */
  targetWeights?: TargetWeights;
  riskParity?: RiskParityOptions;
}

export interface TargetWeightsResult {
  weights: Record<InstrumentName, number>;
  /** False only when risk parity hit its iteration cap before its tolerance. */
  converged: boolean;
  iterations: number;
}

function byInstrument(instruments: readonly InstrumentName[], values: readonly number[]): Record<InstrumentName, number> {
  return Object.fromEntries(instruments.map((name, i) => [name, values[i]!]));
}

/** Each instrument's return history, checked to have a positive volatility so the weights are defined. */
function volatileReturnsOf(method: WeightingMethod, inputs: WeightingInputs): Float64Array[] {
  return inputs.instruments.map((name) => {
    const series = inputs.returns?.[name];
    if (!series) throw new RangeError(`${method} needs a return history for ${name}`);
    const volatility = sampleStdDev(series);
    if (!(volatility > 0)) throw new RangeError(`${method} needs a positive volatility for ${name}, got ${volatility}`);
    return series;
  });
}

function inverseVolatilityWeights(returns: readonly Float64Array[]): number[] {
  const inverse = returns.map((series) => 1 / sampleStdDev(series));
  const total = inverse.reduce((a, b) => a + b, 0);
  return inverse.map((value) => value / total);
}

export function computeTargetWeights(method: WeightingMethod, inputs: WeightingInputs): TargetWeightsResult {
  const { instruments } = inputs;
  if (instruments.length === 0) throw new RangeError(`${method} needs at least one instrument`);
  if (new Set(instruments).size !== instruments.length) throw new RangeError(`${method} got a duplicated instrument in ${instruments.join(', ')}`);
  switch (method) {
    case 'equal_weight':
      return { weights: byInstrument(instruments, instruments.map(() => 1 / instruments.length)), converged: true, iterations: 0 };
    case 'inverse_volatility':
      return { weights: byInstrument(instruments, inverseVolatilityWeights(volatileReturnsOf(method, inputs))), converged: true, iterations: 0 };
    case 'risk_parity': {
      const result = riskParityWeights(covarianceMatrix(volatileReturnsOf(method, inputs)), inputs.riskParity ?? DEFAULT_RISK_PARITY_OPTIONS);
      return { weights: byInstrument(instruments, result.weights), converged: result.converged, iterations: result.iterations };
    }
    case 'target_weights': {
      if (!inputs.targetWeights) throw new RangeError('target_weights needs targetWeights');
      const explicit = validateTargetWeights(inputs.targetWeights);
      const unknown = Object.keys(explicit).filter((name) => !instruments.includes(name));
      if (unknown.length > 0) throw new RangeError(`target weights name instruments outside the portfolio: ${unknown.join(', ')}`);
      return { weights: byInstrument(instruments, instruments.map((name) => explicit[name] ?? 0)), converged: true, iterations: 0 };
    }
  }
}
