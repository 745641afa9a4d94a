import type { ParameterValues } from './parameter-space';
import type { StrategyDefinition } from './types';

export type ParamsCheck =
  | { ok: true; params: ParameterValues; warmupBars: number }
  | { ok: false; code: 'INVALID_PARAMS' | 'LOOKBACK_TOO_SHORT'; field: 'params' | 'lookback'; message: string };

/**
 * Whether a strategy can run on these parameters over `lookback` candles: the parameters valid, and the lookback at
 * least the warm-up they need. The api asks before it starts a run; the run's first step asks again.
 */
export function checkStrategyParams(strategy: StrategyDefinition<ParameterValues>, raw: ParameterValues, lookback: number): ParamsCheck {
  const validation = strategy.validateParams(raw);
  if (!validation.ok) {
    return { ok: false, code: 'INVALID_PARAMS', field: 'params', message: `parameters of ${strategy.name} are invalid: ${validation.errors.map((e) => `${e.field} ${e.message}`).join('; ')}` };
  }
  const warmupBars = strategy.warmupBars(validation.params);
  if (lookback < warmupBars) {
    return { ok: false, code: 'LOOKBACK_TOO_SHORT', field: 'lookback', message: `lookback ${lookback} is shorter than the ${warmupBars} candles ${strategy.name} needs to warm up with these parameters` };
  }
  return { ok: true, params: validation.params, warmupBars };
}
