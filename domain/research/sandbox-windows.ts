import type { BarRange, Fold } from './walk-forward';

export interface SandboxWindows {
  /** Bars the cycle may look at to analyse the active version and generate (or re-optimize) hypotheses. */
  generation: BarRange;
  /** Bars the hypotheses are judged on: after every bar used to generate them. */
  evaluation: BarRange;
  /** The evaluation as a single out-of-sample fold for evaluateTrial. */
  fold: Fold;
}

export interface SandboxWindowRequest {
  barCount: number;
  evaluationBars: number;
  /** The strategy's warm-up: the generation window must at least cover it. */
  warmupBars: number;
  /**
   * End (exclusive) of the data anything being tested was derived from, e.g. the window the active version was
   * optimized on. Defaults to the end of the generation window.
   */
  generatedThroughBar?: number;
}

/**
 * Splits the latest `barCount` bars into a generation window followed by an evaluation window of the last
 * `evaluationBars`. The evaluation never overlaps data used to generate a hypothesis; the bars just before it feed
 * only the indicators' warm-up (prices the strategy would have seen live), never a score.
 */
export function sandboxWindows(request: SandboxWindowRequest): SandboxWindows {
  const { barCount, evaluationBars, warmupBars } = request;
  if (!Number.isInteger(evaluationBars) || evaluationBars < 2) throw new RangeError(`evaluationBars must be an integer of at least 2, got ${evaluationBars}`);
  const evaluationStart = barCount - evaluationBars;
  if (evaluationStart < Math.max(warmupBars, 2)) {
    throw new RangeError(`${barCount} bars leave ${evaluationStart} before the ${evaluationBars}-bar evaluation window; at least ${Math.max(warmupBars, 2)} are needed for generation and warm-up`);
  }
  const generatedThroughBar = request.generatedThroughBar ?? evaluationStart;
  if (generatedThroughBar > evaluationStart) {
    throw new RangeError(`hypotheses were generated from bars up to ${generatedThroughBar}, past the evaluation window's start at ${evaluationStart}: the test would not be out of sample`);
  }
  const evaluation = { start: evaluationStart, end: barCount };
  return { generation: { start: 0, end: evaluationStart }, evaluation, fold: { index: 0, outOfSample: evaluation } };
}
