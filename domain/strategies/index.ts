export { checkStrategyParams, type ParamsCheck } from './check-params';
export { donchianBreakout, type DonchianBreakoutParams } from './donchian-breakout';
export { defineStrategy, emptyBar, readBar, runStreaming, type StrategyRecipe } from './define-strategy';
export { maCrossover, type MaCrossoverParams } from './ma-crossover';
export { meanReversion, type MeanReversionParams } from './mean-reversion';
export {
  enumerateGrid, mutateParameters, sampleParameters, validateParameters,
  type ParameterConstraint, type ParameterError, type ParameterSpace, type ParameterSpec, type ParameterValidation, type ParameterValue, type ParameterValues,
} from './parameter-space';
export { findStrategy, getStrategy, STRATEGIES, STRATEGY_NAMES } from './registry';
export { latestSignal, type LatestSignal } from './latest-signal';
export { rsiReversal, type RsiReversalParams } from './rsi-reversal';
export type { Bar, BarColumns, Direction, Signal, SignalSeries, StrategyDefinition, StreamingStrategy } from './types';
