/** One account's risk at a moment, as the risk monitor records it and feeds it to the circuit breakers. */
import { notionalUsd, type MidPrices } from '../money/usd-conversion';
import type { InstrumentName } from '../market';
import type { BreakerObservations } from './circuit-breakers';
import { historicalRisk } from './historical-var';
import type { RiskMeasuresUsd } from './risk-inputs';

export interface AccountRiskInputs {
  navUsd: number;
  /** The day's P/L as every limit counts it (daily-pnl.ts). */
  dailyPnlUsd: number;
  /** The highest NAV seen, carried by the monitor between readings. */
  peakNavUsd: number;
  /** Signed net units per open position. */
  positionUnits: Readonly<Record<InstrumentName, number>>;
  pricesMid: MidPrices;
  /** Aligned per-period simple returns of every instrument held. */
  returns: Readonly<Record<InstrumentName, Float64Array>>;
}

export interface AccountRiskFigures extends RiskMeasuresUsd {
  navUsd: number;
  grossExposureUsd: number;
  netExposureUsd: number;
  exposuresUsd: Record<InstrumentName, number>;
  /** The largest single absolute exposure as a fraction of NAV. */
  largestConcentration: number;
  dailyPnlUsd: number;
  /** Fall from the peak NAV as a fraction of it (0 at a new peak). */
  drawdown: number;
  peakNavUsd: number;
  /** What the circuit breakers are fed: loss as a positive number, 99% VaR. */
  observations: BreakerObservations;
}

export function accountRiskFigures(inputs: AccountRiskInputs): AccountRiskFigures {
  if (!(inputs.navUsd > 0)) throw new RangeError(`account NAV must be positive, got ${inputs.navUsd}`);
  const exposuresUsd: Record<InstrumentName, number> = Object.fromEntries(Object.entries(inputs.positionUnits)
    .filter(([, units]) => units !== 0)
    .map(([instrument, units]) => [instrument, notionalUsd(instrument, units, inputs.pricesMid)]));
  const values = Object.values(exposuresUsd);
  const grossExposureUsd = values.reduce((sum, value) => sum + Math.abs(value), 0);
  const netExposureUsd = values.reduce((sum, value) => sum + value, 0);
  const largestConcentration = values.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0) / inputs.navUsd;
  const measures = historicalRisk({ exposuresUsd, returns: inputs.returns });
  const peakNavUsd = Math.max(inputs.peakNavUsd, inputs.navUsd);
  const { dailyPnlUsd } = inputs;
  const drawdown = (peakNavUsd - inputs.navUsd) / peakNavUsd;
  return {
    ...measures, navUsd: inputs.navUsd, grossExposureUsd, netExposureUsd, exposuresUsd, largestConcentration, dailyPnlUsd, drawdown, peakNavUsd,
    observations: { daily_loss: Math.max(0, -dailyPnlUsd), drawdown, var_limit: measures.var99Usd },
  };
}
