import type { BarRange, Fold } from './walk-forward';

export interface SandboxWindows {
  /** Bars the cycle may look at to analyse the active version and generate (or re-optimize) hypotheses. */
  generation: BarRange;
  /**
   * When asked for: bars after the generation window on which the hypotheses are ranked, so that the one chosen is
   * judged on an evaluation window its choice never saw. Without it they are ranked on the evaluation window itself.
   */
  selection?: { range: BarRange; fold: Fold };
  /** Bars the hypotheses are judged on: after every bar used to generate (and, with a selection window, to choose) them. */
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
  /**
   * Rank on a selection window of its own: as long as the evaluation window, or half the bars before the evaluation
   * window when they are fewer.
   */
  withSelection?: boolean;
}

/**
 * Splits the latest `barCount` bars into a generation window, optionally a selection window, and an evaluation
 * window of the last `evaluationBars`. The evaluation never overlaps data used to generate or choose a hypothesis;
 * the bars just before a window feed only the indicators' warm-up (prices the strategy would have seen live), never
 * a score.
 */
export function sandboxWindows(request: SandboxWindowRequest): SandboxWindows {
  const { barCount, evaluationBars, warmupBars } = request;
  if (!Number.isInteger(evaluationBars) || evaluationBars < 2) throw new RangeError(`evaluationBars must be an integer of at least 2, got ${evaluationBars}`);
  const evaluationStart = barCount - evaluationBars;
  const selectionBars = request.withSelection ? Math.min(evaluationBars, Math.floor(evaluationStart / 2)) : 0;
  const generationEnd = evaluationStart - selectionBars;
  const needed = Math.max(warmupBars, 2);
  if (generationEnd < needed || (request.withSelection && selectionBars < 2)) {
    throw new RangeError(`${barCount} bars leave ${evaluationStart} before the ${evaluationBars}-bar evaluation window; at least ${request.withSelection ? 2 * needed : needed} are needed for generation${request.withSelection ? ', selection' : ''} and warm-up`);
  }
  const generatedThroughBar = request.generatedThroughBar ?? generationEnd;
  if (generatedThroughBar > generationEnd) {
    throw new RangeError(`hypotheses were generated from bars up to ${generatedThroughBar}, past the start of the window they are ${request.withSelection ? 'ranked' : 'judged'} on at ${generationEnd}: the test would not be out of sample`);
  }
  const evaluation = { start: evaluationStart, end: barCount };
  const selection = { start: generationEnd, end: evaluationStart };
  return {
    generation: { start: 0, end: generationEnd },
    ...(request.withSelection && { selection: { range: selection, fold: { index: 0, outOfSample: selection } } }),
    evaluation,
    fold: { index: 0, outOfSample: evaluation },
  };
}
