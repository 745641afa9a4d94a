/**
 * Orders that move current positions to target weights. Instruments whose weight drifted less than the threshold
 * are left alone; units are rounded to what the instrument trades; orders that shrink a position come first so
 * margin is freed before it is used (and so a REDUCING account can still run the first part).
 */
import { INSTRUMENTS, type InstrumentName, type InstrumentSpec } from '../market';
import { usdPerUnit, type MidPrices } from '../money/usd-conversion';
import { isPositionReducing } from '../risk/trading-state';
import { validateTargetWeights, type TargetWeights } from './explicit-weights';

export interface RebalanceInput {
  /** Signed weights of NAV (times grossExposure); instruments held but missing here are closed. */
  targets: TargetWeights;
  /** Signed units per instrument. */
  positions: Readonly<Record<InstrumentName, number | undefined>>;
  prices: MidPrices;
  navUsd: number;
  /** Multiple of NAV the weights are applied to (leverage); default 1. */
  grossExposure?: number;
  /** Largest tolerated |target weight - current weight|, as a fraction of NAV. */
  driftThreshold: number;
  minTradeUnits: number;
  specs?: Readonly<Record<InstrumentName, InstrumentSpec>>;
}

export interface RebalanceOrder {
  instrument: InstrumentName;
  /** Signed: positive buys. */
  units: number;
  /** USD value of the order, signed like units. */
  notionalUsd: number;
  reducing: boolean;
  reason: string;
}

/** Weight of a position in NAV: the drift measure the rebalancer compares against its threshold. */
export function positionWeight(instrument: InstrumentName, units: number, prices: MidPrices, navUsd: number): number {
  return (units * usdPerUnit(instrument, prices)) / navUsd;
}

function roundUnits(units: number, precision: number): number {
  const scale = 10 ** precision;
  return (Math.sign(units) * Math.round(Math.abs(units) * scale)) / scale;
}

function ordersFor(instrument: InstrumentName, currentUnits: number, targetUnits: number, unitUsd: number, why: string): RebalanceOrder[] {
  const order = (units: number, reducing: boolean, step: string): RebalanceOrder => ({ instrument, units, notionalUsd: units * unitUsd, reducing, reason: `${why}${step}` });
  const flips = currentUnits !== 0 && targetUnits !== 0 && Math.sign(currentUnits) !== Math.sign(targetUnits);
  if (flips) return [order(-currentUnits, true, '; close before reversing'), order(targetUnits, false, '; open the reversed position')];
  const deltaUnits = targetUnits - currentUnits;
  return [order(deltaUnits, isPositionReducing(currentUnits, deltaUnits), '')];
}

export function rebalanceOrders(input: RebalanceInput): RebalanceOrder[] {
  const { prices, navUsd, driftThreshold, minTradeUnits } = input;
  const grossExposure = input.grossExposure ?? 1;
  if (!(navUsd > 0)) throw new RangeError(`rebalancing needs a positive NAV, got ${navUsd}`);
  if (!(grossExposure > 0)) throw new RangeError(`grossExposure must be positive, got ${grossExposure}`);
  if (!(driftThreshold >= 0)) throw new RangeError(`driftThreshold must be non-negative, got ${driftThreshold}`);
  if (!(minTradeUnits >= 0)) throw new RangeError(`minTradeUnits must be non-negative, got ${minTradeUnits}`);
  const targets = validateTargetWeights(input.targets);
  const specs = input.specs ?? INSTRUMENTS;
  const held = Object.keys(input.positions).filter((name) => (input.positions[name] ?? 0) !== 0);
  const instruments = [...new Set([...Object.keys(targets), ...held])].sort();

  const orders = instruments.flatMap((instrument) => {
    const spec = specs[instrument];
    if (!spec) throw new RangeError(`no instrument spec for ${instrument}`);
    const unitUsd = usdPerUnit(instrument, prices);
    const currentUnits = input.positions[instrument] ?? 0;
    const currentWeight = (currentUnits * unitUsd) / navUsd;
    const targetWeight = (targets[instrument] ?? 0) * grossExposure;
    const drift = targetWeight - currentWeight;
    if (Math.abs(drift) <= driftThreshold) return [];
    const targetUnits = roundUnits((targetWeight * navUsd) / unitUsd, spec.tradeUnitsPrecision);
    if (Math.abs(targetUnits - currentUnits) < Math.max(minTradeUnits, spec.minimumTradeSize)) return [];
    const why = `${instrument} weight ${currentWeight.toFixed(4)} -> target ${targetWeight.toFixed(4)} (drift ${Math.abs(drift).toFixed(4)} > threshold ${driftThreshold})`;
    return ordersFor(instrument, currentUnits, targetUnits, unitUsd, why);
  });
  // A reversal's closing half is reducing, so it always sorts ahead of its opening half.
  return orders.sort((a, b) => Number(b.reducing) - Number(a.reducing) || Math.abs(b.notionalUsd) - Math.abs(a.notionalUsd) || a.instrument.localeCompare(b.instrument));
}
