import { validateParameters, type ParameterSpace, type ParameterValues } from './parameter-space';
import type { Bar, BarColumns, SignalSeries, StrategyDefinition, StreamingStrategy } from './types';

export interface StrategyRecipe<P extends ParameterValues> {
  name: string;
  description: string;
  parameterSpace: ParameterSpace<P>;
  defaults: P;
  warmupBars(params: P): number;
  createStreaming(params: P): StreamingStrategy;
}

/** Copies bar `index` of a columnar series into `target` (reused, so the loop allocates nothing). */
export function readBar(bars: BarColumns, index: number, target: Bar): Bar {
  target.timeMs = bars.timeMs[index]!;
  target.open = bars.open[index]!;
  target.high = bars.high[index]!;
  target.low = bars.low[index]!;
  target.close = bars.close[index]!;
  return target;
}

export const emptyBar = (): Bar => ({ timeMs: 0, open: 0, high: 0, low: 0, close: 0 });

/**
 * The batch form is the streaming form folded over the series. Independently written batch maths would agree only
 * within rounding, and a rounding difference on a crossover flips a position: the parity between backtest and live
 * trading must be exact, so there is one code path.
 */
export function runStreaming(strategy: StreamingStrategy, bars: BarColumns): SignalSeries {
  const out: SignalSeries = {
    direction: new Int8Array(bars.length),
    confidence: new Float64Array(bars.length),
    stopDistance: new Float64Array(bars.length),
  };
  const bar = emptyBar();
  for (let i = 0; i < bars.length; i++) {
    const signal = strategy.update(readBar(bars, i, bar));
    out.direction[i] = signal.direction;
    out.confidence[i] = signal.confidence;
    out.stopDistance[i] = signal.stopDistance;
  }
  return out;
}

/** Completes a recipe into a StrategyDefinition; rejects defaults that do not validate, at load time. */
export function defineStrategy<P extends ParameterValues>(recipe: StrategyRecipe<P>): StrategyDefinition<P> {
  const checked = validateParameters(recipe.parameterSpace, recipe.defaults);
  if (!checked.ok) throw new Error(`strategy ${recipe.name} has invalid defaults: ${checked.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  return {
    ...recipe,
    validateParams: (input) => validateParameters(recipe.parameterSpace, input),
    batchSignals: (bars, params) => runStreaming(recipe.createStreaming(params), bars),
  };
}
