/** Market vocabulary shared by the broker, the strategies and the backtester. Times are epoch milliseconds. */

export type InstrumentName = string;

export const GRANULARITIES = ['S5', 'S10', 'S15', 'S30', 'M1', 'M2', 'M4', 'M5', 'M10', 'M15', 'M30', 'H1', 'H2', 'H3', 'H4', 'H6', 'H8', 'H12', 'D'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const GRANULARITY_SECONDS: Record<Granularity, number> = {
  S5: 5, S10: 10, S15: 15, S30: 30, M1: 60, M2: 120, M4: 240, M5: 300, M10: 600, M15: 900, M30: 1800,
  H1: 3600, H2: 7200, H3: 10800, H4: 14400, H6: 21600, H8: 28800, H12: 43200, D: 86400,
};

export function granularityMs(granularity: Granularity): number {
  return GRANULARITY_SECONDS[granularity] * 1000;
}

/** Open, high, low, close of one side (bid, ask or mid) of a candle. */
export interface PriceBar {
  o: number;
  h: number;
  l: number;
  c: number;
}

export interface Candle {
  timeMs: number;
  volume: number;
  complete: boolean;
  mid?: PriceBar;
  bid?: PriceBar;
  ask?: PriceBar;
}

/** A top-of-book quote. */
export interface Quote {
  instrument: InstrumentName;
  timeMs: number;
  bid: number;
  ask: number;
  tradeable: boolean;
}

/** The trading rules of an instrument, as OANDA publishes them. */
export interface InstrumentSpec {
  name: InstrumentName;
  type: 'CURRENCY' | 'METAL';
  displayName: string;
  /** Price of one pip is 10^pipLocation. */
  pipLocation: number;
  displayPrecision: number;
  /** Decimal places allowed in units; 0 means whole units. */
  tradeUnitsPrecision: number;
  minimumTradeSize: number;
  maximumOrderUnits: number;
  marginRate: number;
}

const currency = (name: string, pipLocation: number, displayPrecision: number, marginRate: number): InstrumentSpec => ({
  name,
  type: 'CURRENCY',
  displayName: name.replace('_', '/'),
  pipLocation,
  displayPrecision,
  tradeUnitsPrecision: 0,
  minimumTradeSize: 1,
  maximumOrderUnits: 100_000_000,
  marginRate,
});

/** The instruments the product trades and the simulator quotes. Margin rates follow OANDA's 50:1 majors, 20:1 crosses. */
export const INSTRUMENTS: Readonly<Record<InstrumentName, InstrumentSpec>> = Object.freeze({
  EUR_USD: currency('EUR_USD', -4, 5, 0.02),
  GBP_USD: currency('GBP_USD', -4, 5, 0.02),
  USD_JPY: currency('USD_JPY', -2, 3, 0.02),
  AUD_USD: currency('AUD_USD', -4, 5, 0.02),
  USD_CHF: currency('USD_CHF', -4, 5, 0.02),
  USD_CAD: currency('USD_CAD', -4, 5, 0.02),
  EUR_JPY: currency('EUR_JPY', -2, 3, 0.05),
  XAU_USD: { ...currency('XAU_USD', -2, 3, 0.05), type: 'METAL', maximumOrderUnits: 100_000 },
});

export function instrumentSpec(name: InstrumentName): InstrumentSpec {
  const spec = INSTRUMENTS[name];
  if (!spec) throw new Error(`unknown instrument ${name}`);
  return spec;
}

export function pipSize(name: InstrumentName): number {
  return 10 ** instrumentSpec(name).pipLocation;
}

/** Base and quote currency of an instrument name such as EUR_USD. */
export function currencies(name: InstrumentName): { base: string; quote: string } {
  const [base, quote] = name.split('_');
  if (!base || !quote) throw new Error(`malformed instrument name ${name}`);
  return { base, quote };
}
