import { mean, sampleVariance, type Numbers } from '../math/statistics';

export interface RegimeChangeConfig {
  /** A volatility ratio (recent / reference) above this, or below its inverse, is a new regime (e.g. 1.5). */
  maxVolatilityRatio: number;
  /** A drift change larger than this many standard errors (Welch z) is a new regime (e.g. 3). */
  maxDriftShiftZ: number;
}

export interface RegimeChange {
  changed: boolean;
  /** Per-bar standard deviation of the recent returns over that of the reference returns. */
  volatilityRatio: number;
  /** (recent mean - reference mean) / its standard error: how significant the change of trend is. */
  driftShiftZ: number;
  recentVolatility: number;
  referenceVolatility: number;
  recentDrift: number;
  referenceDrift: number;
  reasons: string[];
}

/**
 * Has the market the active version trades changed character? Compares a recent window of bar returns with a
 * longer reference window on volatility (ratio of standard deviations) and trend (shift of the mean, in standard
 * errors), the two things that decide whether parameters fitted before still fit.
 */
export function detectRegimeChange(recentReturns: Numbers, referenceReturns: Numbers, config: RegimeChangeConfig): RegimeChange {
  if (recentReturns.length < 2 || referenceReturns.length < 2) {
    throw new RangeError(`regime detection needs at least two recent and two reference returns, got ${recentReturns.length} and ${referenceReturns.length}`);
  }
  if (!(config.maxVolatilityRatio > 1)) throw new RangeError(`maxVolatilityRatio must exceed 1, got ${config.maxVolatilityRatio}`);
  const recentVariance = sampleVariance(recentReturns);
  const referenceVariance = sampleVariance(referenceReturns);
  const recentDrift = mean(recentReturns);
  const referenceDrift = mean(referenceReturns);
  const recentVolatility = Math.sqrt(recentVariance);
  const referenceVolatility = Math.sqrt(referenceVariance);
  const volatilityRatio = referenceVolatility > 0 ? recentVolatility / referenceVolatility : recentVolatility > 0 ? config.maxVolatilityRatio * 2 : 1;
  const standardError = Math.sqrt(recentVariance / recentReturns.length + referenceVariance / referenceReturns.length);
  const driftShiftZ = standardError > 0 ? (recentDrift - referenceDrift) / standardError : 0;

  const reasons: string[] = [];
  const volatilityChanged = volatilityRatio > config.maxVolatilityRatio || volatilityRatio < 1 / config.maxVolatilityRatio;
  reasons.push(`volatility ratio ${volatilityRatio.toFixed(3)} ${volatilityChanged ? 'outside' : 'within'} [${(1 / config.maxVolatilityRatio).toFixed(3)}, ${config.maxVolatilityRatio}]`);
  const driftChanged = Math.abs(driftShiftZ) > config.maxDriftShiftZ;
  reasons.push(`drift shift ${driftShiftZ.toFixed(2)} standard errors ${driftChanged ? 'beyond' : 'within'} ±${config.maxDriftShiftZ}`);
  return {
    changed: volatilityChanged || driftChanged,
    volatilityRatio, driftShiftZ, recentVolatility, referenceVolatility, recentDrift, referenceDrift,
    reasons,
  };
}
