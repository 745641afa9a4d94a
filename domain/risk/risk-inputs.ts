/** What every VaR method takes and returns: USD exposures per instrument and aligned per-period return histories. */
import type { InstrumentName } from '../market';

export interface PortfolioRiskInputs {
  /** Signed USD exposure per instrument (notionalUsd of the position; negative for short). */
  exposuresUsd: Readonly<Record<InstrumentName, number>>;
  /**
   * Simple returns per period for every instrument with an exposure, aligned in time (index t is the same period for
   * all). VaR and ES come out for one period of this history (one day for daily closes, one hour for hourly).
   */
  returns: Readonly<Record<InstrumentName, Float64Array>>;
}

/** Losses are positive USD numbers; a negative value means even that tail is a gain. */
export interface RiskMeasuresUsd {
  var95Usd: number;
  var99Usd: number;
  es95Usd: number;
  es99Usd: number;
}

export interface AlignedRiskInputs {
  instruments: InstrumentName[];
  exposuresUsd: Float64Array;
  returns: Float64Array[];
  periods: number;
}

/** Instruments with a non-zero exposure, in name order, with their histories; fails naming what is missing or ragged. */
export function alignRiskInputs(inputs: PortfolioRiskInputs, minimumPeriods: number): AlignedRiskInputs {
  const instruments = Object.keys(inputs.exposuresUsd).filter((name) => inputs.exposuresUsd[name] !== 0).sort();
  const returns = instruments.map((name) => {
    const exposure = inputs.exposuresUsd[name]!;
    if (!Number.isFinite(exposure)) throw new RangeError(`exposure of ${name} is not a finite number: ${exposure}`);
    const series = inputs.returns[name];
    if (!series) throw new RangeError(`no return history for ${name}`);
    if (series.some((value) => !Number.isFinite(value))) throw new RangeError(`return history of ${name} contains a non-finite value`);
    return series;
  });
  const periods = returns[0]?.length ?? 0;
  returns.forEach((series, i) => {
    if (series.length !== periods) {
      throw new RangeError(`return histories are not aligned: ${instruments[0]} has ${periods} periods, ${instruments[i]} has ${series.length}`);
    }
  });
  if (instruments.length > 0 && periods < minimumPeriods) {
    throw new RangeError(`need at least ${minimumPeriods} return periods, got ${periods}`);
  }
  return { instruments, exposuresUsd: Float64Array.from(instruments, (name) => inputs.exposuresUsd[name]!), returns, periods };
}
