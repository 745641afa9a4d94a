import { type SimInstrumentName, simInstrument, simPipSize } from '../market/instruments';
import { ALWAYS_OPEN, type MarketHours } from '../market/market-hours';
import { seededRandom, type Random } from '../../../lib/seeded-random';
import { BridgeShapes, hashInts } from './bridge-shapes';
import { GrowableFloats } from './growable-floats';
import { DERIVED_CROSSES, PRIMARY_PROFILES, type InstrumentProfile } from './instrument-profiles';

// Module-level aliases: under jest's vm sandbox every lookup of a global such as Math costs ~300 ns, and these run
// for every bar of a year of history.
const { exp, log, sqrt, min, max, floor, round, hypot } = Math;
const MISSING = Number.NaN;

export const STEP_MS = 1000;
export const BAR_MS = 300_000;
export const STEPS_PER_BAR = BAR_MS / STEP_MS;
const BARS_PER_YEAR = 365 * 288;

const GARCH_ALPHA = 0.06;
const GARCH_BETA = 0.92;
const MAX_VARIANCE_MULTIPLE = 25;
const JUMP_PROBABILITY = 0.0005;
const JUMP_SD_MULTIPLE = 10;
/** Log-level pull back towards the start level per bar: keeps prices realistic over years (half-life ~2 weeks). */
const MEAN_REVERSION_PER_BAR = 1 / (288 * 20);
const SPREAD_FACTOR_MIN = 0.8;
const SPREAD_FACTOR_MAX = 4;
const BRIDGE_COUNT = 512;

/** One M5 bar of one instrument in mid prices; `spread` is in price units, constant within the bar. */
export interface BarStats {
  open: number;
  high: number;
  low: number;
  close: number;
  spread: number;
  volume: number;
}

interface Series {
  name: SimInstrumentName;
  index: number;
  precision: number;
  /** Level at the start of bar k (length = bars + 1). */
  level: GrowableFloats;
  /** Standard deviation of the log return of bar k. */
  sigma: GrowableFloats;
  spread: GrowableFloats;
  /** High, low, close and volume of the bars summarised so far (computed on first use: 300 points each). */
  summaries: Map<number, Omit<BarStats, 'open' | 'spread'>>;
  /** For a derived cross, the two legs whose product it is. */
  legs?: [Series, Series];
}

interface PrimaryProcess {
  series: Series;
  profile: InstrumentProfile;
  random: Random;
  meanVariance: number;
  variance: number;
  logLevel: number;
}

/**
 * The simulator's price process, a pure function of (seed, historyStartMs): M5 bar levels follow GARCH(1,1)
 * returns with a common USD factor and rare jumps, seconds inside a bar follow a Brownian bridge between bar
 * levels. Bar levels are generated sequentially from historyStartMs and extended as the clock moves on; a bar's
 * high, low, close and tick volume are summarised from its 300 seconds on first use rather than for the whole year.
 * The path runs on while the market is closed; its quotes stop at the close and resume where it has gone (a gap).
 */
export class PricePath {
  private readonly primaries: PrimaryProcess[];
  private readonly crosses: Array<{ series: Series; legs: [Series, Series]; spreadPips: number }>;
  private readonly byName = new Map<SimInstrumentName, Series>();
  private readonly factorRandom: Random;
  private readonly bridges: BridgeShapes;
  private bars = 0;
  private readonly scratch = new Float64Array(STEPS_PER_BAR);

  constructor(readonly seed: number, readonly historyStartMs: number, readonly hours: MarketHours = ALWAYS_OPEN) {
    if (historyStartMs % BAR_MS !== 0) throw new Error(`historyStartMs ${historyStartMs} is not aligned to 5 minutes`);
    this.factorRandom = seededRandom(hashInts(seed, 0, 1));
    this.bridges = new BridgeShapes(seededRandom(hashInts(seed, 0, 2)), STEPS_PER_BAR, BRIDGE_COUNT);
    this.primaries = Object.entries(PRIMARY_PROFILES).map(([name, profile], i) => {
      const meanVariance = profile.annualVolatility ** 2 / BARS_PER_YEAR;
      const series = this.newSeries(name, i + 1);
      series.level.push(profile.startMid);
      return { series, profile, random: seededRandom(hashInts(seed, i + 1, 3)), meanVariance, variance: meanVariance, logLevel: log(profile.startMid) };
    });
    this.crosses = Object.entries(DERIVED_CROSSES).map(([name, cross], i) => {
      const legs = cross.legs.map((leg) => this.series(leg)) as [Series, Series];
      const series = this.newSeries(name, this.primaries.length + i + 1);
      series.legs = legs;
      series.level.push(legs[0].level.get(0) * legs[1].level.get(0));
      return { series, legs, spreadPips: cross.spreadPips };
    });
  }

  barIndexAt(timeMs: number): number {
    return floor((max(timeMs, this.historyStartMs) - this.historyStartMs) / BAR_MS);
  }

  /** Mid price at the start of bar k: cheap, no intra-bar work. */
  open(instrument: SimInstrumentName, k: number): number {
    this.ensureBars(k + 1);
    return this.series(instrument).level.get(k);
  }

  /** The completed statistics of bar k (the whole bar, whatever the clock says). */
  bar(instrument: SimInstrumentName, k: number): BarStats {
    this.ensureBars(k + 1);
    const s = this.series(instrument);
    let summary = s.summaries.get(k);
    if (!summary) {
      const { high, low, close, volume } = summarisePoints(this.points(s, k, 0, STEPS_PER_BAR), 0, STEPS_PER_BAR, s.precision);
      summary = { high, low, close, volume };
      s.summaries.set(k, summary);
    }
    return { open: s.level.get(k), ...summary, spread: s.spread.get(k) };
  }

  /** Statistics of seconds [fromStep, toStep) of bar k, 0 <= fromStep < toStep <= STEPS_PER_BAR. */
  partialBar(instrument: SimInstrumentName, k: number, fromStep: number, toStep: number): BarStats {
    if (fromStep === 0 && toStep === STEPS_PER_BAR) return this.bar(instrument, k);
    this.ensureBars(k + 1);
    const s = this.series(instrument);
    const first = max(fromStep - 1, 0);
    const points = this.points(s, k, first, toStep);
    const stats = summarisePoints(points, fromStep - first, toStep - first, s.precision);
    return { ...stats, spread: s.spread.get(k) };
  }

  /** Mid price and spread in force at timeMs (prices change once per second, and not while the market is closed). */
  midAndSpreadAt(instrument: SimInstrumentName, timeMs: number): { mid: number; spread: number } {
    const priceTimeMs = this.hours.priceTimeMs(instrument, timeMs);
    const step = floor((max(priceTimeMs, this.historyStartMs) - this.historyStartMs) / STEP_MS);
    const k = floor(step / STEPS_PER_BAR);
    this.ensureBars(k + 1);
    const s = this.series(instrument);
    const j = step - k * STEPS_PER_BAR;
    return { mid: this.points(s, k, j, j + 1)[0]!, spread: s.spread.get(k) };
  }

  /** Generates bars up to (excluding) barCount; cheap when they already exist. */
  ensureBars(barCount: number): void {
    while (this.bars < barCount) this.generateBar();
  }

  private series(instrument: SimInstrumentName): Series {
    const s = this.byName.get(instrument);
    if (!s) throw new Error(`the price process has no instrument ${instrument}`);
    return s;
  }

  private newSeries(name: SimInstrumentName, index: number): Series {
    const spec = simInstrument(name);
    if (!spec) throw new Error(`instrument profile ${name} is missing from domain/market INSTRUMENTS`);
    const series: Series = {
      name, index, precision: spec.displayPrecision, level: new GrowableFloats(), sigma: new GrowableFloats(), spread: new GrowableFloats(), summaries: new Map(),
    };
    this.byName.set(name, series);
    return series;
  }

  private generateBar(): void {
    const k = this.bars;
    const factorShock = this.factorRandom.normal();
    for (const p of this.primaries) {
      const loading = p.profile.usdFactorLoading;
      const shock = loading * factorShock + sqrt(1 - loading * loading) * p.random.normal();
      const sigma = sqrt(p.variance);
      const jump = p.random.next() < JUMP_PROBABILITY ? JUMP_SD_MULTIPLE * sqrt(p.meanVariance) * p.random.normal() : 0;
      const logReturn = sigma * shock + jump;
      const anchor = log(p.profile.startMid);
      p.logLevel += logReturn - MEAN_REVERSION_PER_BAR * (p.logLevel - anchor);
      p.variance = min(
        p.meanVariance * (1 - GARCH_ALPHA - GARCH_BETA) + GARCH_ALPHA * logReturn * logReturn + GARCH_BETA * p.variance,
        MAX_VARIANCE_MULTIPLE * p.meanVariance,
      );
      const s = p.series;
      s.level.push(exp(p.logLevel));
      s.sigma.push(sigma);
      s.spread.push(p.profile.typicalSpreadPips * simPipSize(s.name) * spreadFactor(sigma * sigma, p.meanVariance));
    }
    for (const c of this.crosses) {
      const [a, b] = c.legs;
      const s = c.series;
      s.level.push(a.level.get(k + 1) * b.level.get(k + 1));
      s.sigma.push(hypot(a.sigma.get(k), b.sigma.get(k)));
      const legFactor = (a.spread.get(k) / (PRIMARY_PROFILES[a.name]!.typicalSpreadPips * simPipSize(a.name)) +
        b.spread.get(k) / (PRIMARY_PROFILES[b.name]!.typicalSpreadPips * simPipSize(b.name))) / 2;
      s.spread.push(c.spreadPips * simPipSize(s.name) * legFactor);
    }
    this.bars++;
  }

  /** Mid prices of seconds [from, to) of bar k, in a scratch buffer valid until the next call; needs level[k + 1]. */
  private points(s: Series, k: number, from: number, to: number): Float64Array {
    if (s.legs) {
      const a = this.points(s.legs[0], k, from, to).slice(0, to - from);
      const b = this.points(s.legs[1], k, from, to);
      for (let i = 0; i < to - from; i++) this.scratch[i] = a[i]! * b[i]!;
      return this.scratch;
    }
    const start = s.level.get(k);
    const slope = (s.level.get(k + 1) - start) / STEPS_PER_BAR;
    this.bridges.fill(hashInts(this.seed, s.index, k), start, slope, start * s.sigma.get(k), from, to, this.scratch);
    return this.scratch;
  }
}

/**
 * OHLC and tick volume of points [from, to); a point is a tick when its price, rounded to the display precision,
 * differs from the point before it (points[from - 1] when from > 0).
 */
function summarisePoints(points: Float64Array, from: number, to: number, precision: number): Omit<BarStats, 'spread'> {
  const scale = 10 ** precision;
  let previousTick = from === 0 ? MISSING : round(points[from - 1]! * scale);
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (let i = from; i < to; i++) {
    const price = points[i]!;
    if (price > high) high = price;
    if (price < low) low = price;
    const tick = round(price * scale);
    if (tick !== previousTick) volume++;
    previousTick = tick;
  }
  return { open: points[from]!, high, low, close: points[to - 1]!, volume };
}

function spreadFactor(variance: number, meanVariance: number): number {
  return min(SPREAD_FACTOR_MAX, max(SPREAD_FACTOR_MIN, sqrt(variance / meanVariance)));
}
