/** Half-open bar index range [start, end). */
export interface BarRange {
  start: number;
  end: number;
}

/** One evaluation step: fit (or just observe) on `inSample`, judge on `outOfSample`. */
export interface Fold {
  index: number;
  inSample?: BarRange;
  outOfSample: BarRange;
}

export interface WalkForwardConfig {
  folds: number;
  /** Share of each fold's window that is in-sample, in (0, 1). */
  inSampleFraction: number;
}

/**
 * Rolling walk-forward: every fold has an in-sample window of the same length immediately followed by its
 * out-of-sample window, and the windows roll forward by one out-of-sample length. Rolling rather than anchored so
 * that every fold judges parameters fitted on equally much, equally recent data (markets drift; an anchored window
 * lets old regimes outvote new ones). The out-of-sample windows tile the end of the series without gaps or
 * overlaps, so concatenated they form one continuous out-of-sample track record ending at the last bar.
 */
export function walkForwardFolds(barCount: number, config: WalkForwardConfig): Fold[] {
  const { folds, inSampleFraction } = config;
  if (!Number.isInteger(folds) || folds < 1) throw new RangeError(`walk-forward folds must be a positive integer, got ${folds}`);
  if (!(inSampleFraction > 0 && inSampleFraction < 1)) throw new RangeError(`inSampleFraction must be in (0, 1), got ${inSampleFraction}`);
  // barCount = inSampleBars + folds × outOfSampleBars, with inSampleBars / (inSampleBars + outOfSampleBars) = fraction.
  const outOfSampleBars = Math.floor((barCount * (1 - inSampleFraction)) / (inSampleFraction + folds * (1 - inSampleFraction)));
  const inSampleBars = barCount - folds * outOfSampleBars;
  if (outOfSampleBars < 2 || inSampleBars < 2) {
    throw new RangeError(`${barCount} bars are too few for ${folds} folds at an in-sample fraction of ${inSampleFraction}`);
  }
  return Array.from({ length: folds }, (_, index) => {
    const start = index * outOfSampleBars;
    return {
      index,
      inSample: { start, end: start + inSampleBars },
      outOfSample: { start: start + inSampleBars, end: start + inSampleBars + outOfSampleBars },
    };
  });
}

/**
 * Sets the last `fraction` of the bars aside: a search runs its walk-forward folds on bars [0, searchBars) and its
 * winner is then judged on the holdout, which played no part in choosing it (its first bars may warm indicators up
 * from the bars just before it, as every out-of-sample window does).
 */
export function finalHoldout(barCount: number, fraction: number): { searchBars: number; holdout: BarRange } {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`holdout fraction must be in (0, 1), got ${fraction}`);
  const holdoutBars = Math.floor(barCount * fraction);
  if (holdoutBars < 2) throw new RangeError(`${barCount} bars hold out only ${holdoutBars} at a fraction of ${fraction}; at least 2 are needed`);
  return { searchBars: barCount - holdoutBars, holdout: { start: barCount - holdoutBars, end: barCount } };
}
