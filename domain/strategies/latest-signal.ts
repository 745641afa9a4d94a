import type { ParameterValues } from './parameter-space';
import type { BarColumns, Signal, StrategyDefinition } from './types';

export interface LatestSignal extends Signal {
  /** timeMs of the bar the signal was decided on (candles are stamped with their start time). */
  timeMs: number;
  /** False when the series is shorter than the warm-up: the signal is then flat for want of data, not by decision. */
  warmedUp: boolean;
}

/** What an activity acts on: the strategy run over the fetched bars, keeping the decision on the last one. */
export function latestSignal<P extends ParameterValues>(strategy: StrategyDefinition<P>, bars: BarColumns, params: P): LatestSignal {
  if (bars.length === 0) throw new RangeError(`no bars to run ${strategy.name} on`);
  const signals = strategy.batchSignals(bars, params);
  const last = bars.length - 1;
  return {
    direction: signals.direction[last] as Signal['direction'],
    confidence: signals.confidence[last]!,
    stopDistance: signals.stopDistance[last]!,
    timeMs: bars.timeMs[last]!,
    warmedUp: bars.length >= strategy.warmupBars(params),
  };
}
