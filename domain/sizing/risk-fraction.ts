import type { InstrumentSpec } from '../market';

export interface RiskFractionInput {
  equityAccount: number;
  /** Share of equity lost if the stop is hit, e.g. 0.01. */
  riskFraction: number;
  stopDistancePrice: number;
  /** See quoteToAccountRate: converts a price distance (quote currency per unit) to account currency. */
  quoteToAccountRate: number;
  instrument: InstrumentSpec;
}

export type SizeLimit = 'risk' | 'maximum-order-units' | 'below-minimum-trade-size' | 'no-stop' | 'no-equity';

export interface PositionSize {
  units: number;
  /** What decided the size; anything but 'risk' and 'maximum-order-units' means no trade (0 units). */
  limitedBy: SizeLimit;
}

/**
 * Units such that hitting the stop loses riskFraction of equity: equity × riskFraction / (stop distance × quote→account
 * rate), rounded down to the instrument's unit precision and capped at its maximum order size. A size below the
 * minimum trade size is 0, not the minimum: rounding up would risk more than asked.
 */
export function riskFractionUnits(input: RiskFractionInput): PositionSize {
  const { equityAccount, riskFraction, stopDistancePrice, quoteToAccountRate, instrument } = input;
  if (!(riskFraction > 0 && riskFraction <= 1)) throw new RangeError(`riskFraction must be in (0, 1], got ${riskFraction}`);
  if (!(stopDistancePrice > 0)) return { units: 0, limitedBy: 'no-stop' };
  if (!(equityAccount > 0)) return { units: 0, limitedBy: 'no-equity' };
  const riskUnits = (equityAccount * riskFraction) / (stopDistancePrice * quoteToAccountRate);
  const step = 10 ** instrument.tradeUnitsPrecision;
  // The 1e-12 keeps 2000 computed as 1999.9999999999998 from rounding down to 1999.
  const rounded = Math.floor(riskUnits * step * (1 + 1e-12)) / step;
  if (rounded > instrument.maximumOrderUnits) return { units: instrument.maximumOrderUnits, limitedBy: 'maximum-order-units' };
  if (rounded < instrument.minimumTradeSize) return { units: 0, limitedBy: 'below-minimum-trade-size' };
  return { units: rounded, limitedBy: 'risk' };
}
