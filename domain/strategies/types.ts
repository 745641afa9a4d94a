import type { ParameterSpace, ParameterValidation, ParameterValues } from './parameter-space';

/** One completed bar of mid prices, the input of every strategy. Streaming callers may reuse one object. */
export interface Bar {
  timeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Bars in columns: what the batch form and the backtester read. */
export interface BarColumns {
  readonly length: number;
  readonly timeMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

export type Direction = -1 | 0 | 1;

/**
 * The position a strategy wants after a bar closes: long (1), short (-1) or flat (0). `stopDistance` is the
 * protective stop's distance from the entry in price units (NaN until the strategy's ATR is ready).
 */
export interface Signal {
  direction: Direction;
  /** 0..1, 0 when flat. */
  confidence: number;
  stopDistance: number;
}

/**
 * A strategy fed one completed bar at a time. `update` is O(1) and allocation-free: it returns the same Signal
 * object every time, so a caller that keeps a signal past the next update must copy it.
 */
export interface StreamingStrategy {
  update(bar: Bar): Readonly<Signal>;
}

export interface SignalSeries {
  direction: Int8Array;
  confidence: Float64Array;
  stopDistance: Float64Array;
}

export interface StrategyDefinition<P extends ParameterValues = ParameterValues> {
  readonly name: string;
  readonly description: string;
  readonly parameterSpace: ParameterSpace<P>;
  readonly defaults: P;
  /** Checks user input; never throws, returns every error with the field it concerns. */
  validateParams(input: unknown): ParameterValidation<P>;
  /** Bars until every indicator is ready: signals before index warmupBars - 1 are always flat. */
  warmupBars(params: P): number;
  createStreaming(params: P): StreamingStrategy;
  /** The streaming strategy run over every bar: identical outputs by construction. */
  batchSignals(bars: BarColumns, params: P): SignalSeries;
}
