/**
 * A target position held to every limit its order will be checked against, so a signal trades smaller instead of
 * emitting an order the pre-trade gate then refuses. The same arithmetic as checkPreTrade: units and notional count
 * only what the order opens, concentration the position after it, and the margin it needs must be available.
 */
import { openingPart, type PreTradeLimits } from '../risk/pre-trade-checks';
import { isPositionReducing } from '../risk/trading-state';

export type SizeClip = 'max_units' | 'max_notional' | 'max_concentration' | 'margin';

export interface ClipInput {
  /** Signed position the signal asks for. */
  targetUnits: number;
  /** Signed position held now. */
  positionUnits: number;
  /** USD value of one unit at the order's price. */
  usdPerUnit: number;
  navUsd: number;
  limits: Pick<PreTradeLimits, 'maxUnits' | 'maxNotionalUsd' | 'maxConcentration'>;
  /** The venue's margin rate of the instrument and the margin available now (NAV minus margin used). */
  marginRate: number;
  marginAvailableUsd: number;
  /** The instrument's unit precision, in decimals (0 = whole units). */
  tradeUnitsPrecision: number;
}

export interface ClippedTarget {
  targetUnits: number;
  /** Every limit that made the target smaller, tightest first; empty when the target stands. */
  clippedBy: SizeClip[];
}

export function clipTargetToLimits(input: ClipInput): ClippedTarget {
  const { targetUnits, positionUnits, usdPerUnit, navUsd, limits, marginRate } = input;
  const wanted = Math.abs(targetUnits);
  if (wanted === 0 || !(usdPerUnit > 0)) return { targetUnits, clippedBy: [] };
  const sameSide = positionUnits * targetUnits > 0;
  // What the position already holds on the target's side is not opened again; a reversal frees its margin first.
  const held = sameSide ? Math.abs(positionUnits) : 0;
  const freedMarginUsd = sameSide ? 0 : Math.abs(positionUnits) * usdPerUnit * marginRate;
  const ceilings: Array<[SizeClip, number]> = [
    ['max_units', held + limits.maxUnits],
    ['max_notional', held + limits.maxNotionalUsd / usdPerUnit],
    ['max_concentration', navUsd > 0 ? (limits.maxConcentration * navUsd) / usdPerUnit : 0],
    ['margin', marginRate > 0 ? held + Math.max(0, input.marginAvailableUsd + freedMarginUsd) / (usdPerUnit * marginRate) : Number.POSITIVE_INFINITY],
  ];
  const binding = ceilings.filter(([, ceiling]) => ceiling < wanted).sort((a, b) => a[1] - b[1]);
  if (binding.length === 0) return { targetUnits, clippedBy: [] };
  const step = 10 ** input.tradeUnitsPrecision;
  // As in risk-fraction.ts, 99999.99999999999 must not lose the 100000th unit; the pre-trade arithmetic has the last word.
  let allowed = Math.max(0, Math.floor(binding[0]![1] * step * (1 + 1e-12)) / step);
  while (allowed > 0 && !passesExposureChecks(input, Math.sign(targetUnits) * allowed)) allowed = Math.max(0, Math.round((allowed - 1 / step) * step) / step);
  return { targetUnits: Math.sign(targetUnits) * allowed, clippedBy: binding.map(([clip]) => clip) };
}

/** The exposure checks exactly as checkPreTrade computes them, floating point included. */
function passesExposureChecks({ positionUnits, usdPerUnit, navUsd, limits }: ClipInput, targetUnits: number): boolean {
  const units = targetUnits - positionUnits;
  if (units === 0) return true;
  const opening = openingPart(positionUnits, units);
  const concentration = isPositionReducing(positionUnits, units) ? 0 : (Math.abs(positionUnits + units) * usdPerUnit) / navUsd;
  return opening <= limits.maxUnits && opening * usdPerUnit <= limits.maxNotionalUsd && concentration <= limits.maxConcentration;
}
