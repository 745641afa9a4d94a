/**
 * The simulator's own market facts, written from OANDA's v20 documentation (the Instrument definition and the
 * answers of GET /v3/accounts/{id}/instruments for a practice account), not taken from the product's domain/market:
 * a mistake in either table then shows up as a difference between product and venue instead of being shared.
 */

export type SimInstrumentName = string;

export interface SimInstrument {
  name: SimInstrumentName;
  type: 'CURRENCY' | 'METAL';
  displayName: string;
  /** The pip is 10^pipLocation of the price. */
  pipLocation: number;
  displayPrecision: number;
  /** Decimal places allowed in units (0: whole units). */
  tradeUnitsPrecision: number;
  minimumTradeSize: number;
  maximumTrailingStopDistance: number;
  minimumTrailingStopDistance: number;
  /** 0: no limit. */
  maximumPositionSize: number;
  maximumOrderUnits: number;
  /** 0.02 is 50:1 leverage (OANDA's majors for US accounts), 0.05 is 20:1. */
  marginRate: number;
}

/** The instruments the simulator quotes and trades; any other name is INSTRUMENT_UNKNOWN or a 400, as at OANDA. */
export const SIM_INSTRUMENTS: Readonly<Record<SimInstrumentName, SimInstrument>> = Object.freeze({
  EUR_USD: { name: 'EUR_USD', type: 'CURRENCY', displayName: 'EUR/USD', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 1, minimumTrailingStopDistance: 0.0005, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.02 },
  GBP_USD: { name: 'GBP_USD', type: 'CURRENCY', displayName: 'GBP/USD', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 1, minimumTrailingStopDistance: 0.0005, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.02 },
  USD_JPY: { name: 'USD_JPY', type: 'CURRENCY', displayName: 'USD/JPY', pipLocation: -2, displayPrecision: 3, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 100, minimumTrailingStopDistance: 0.05, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.02 },
  AUD_USD: { name: 'AUD_USD', type: 'CURRENCY', displayName: 'AUD/USD', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 1, minimumTrailingStopDistance: 0.0005, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.02 },
  USD_CHF: { name: 'USD_CHF', type: 'CURRENCY', displayName: 'USD/CHF', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 1, minimumTrailingStopDistance: 0.0005, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.02 },
  USD_CAD: { name: 'USD_CAD', type: 'CURRENCY', displayName: 'USD/CAD', pipLocation: -4, displayPrecision: 5, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 1, minimumTrailingStopDistance: 0.0005, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.02 },
  EUR_JPY: { name: 'EUR_JPY', type: 'CURRENCY', displayName: 'EUR/JPY', pipLocation: -2, displayPrecision: 3, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 100, minimumTrailingStopDistance: 0.05, maximumPositionSize: 0, maximumOrderUnits: 100_000_000, marginRate: 0.05 },
  XAU_USD: { name: 'XAU_USD', type: 'METAL', displayName: 'Gold', pipLocation: -2, displayPrecision: 3, tradeUnitsPrecision: 0, minimumTradeSize: 1, maximumTrailingStopDistance: 100, minimumTrailingStopDistance: 0.05, maximumPositionSize: 0, maximumOrderUnits: 100_000, marginRate: 0.05 },
});

/** The instrument, or undefined for a name the simulator does not trade. */
export function simInstrument(name: SimInstrumentName): SimInstrument | undefined {
  return Object.hasOwn(SIM_INSTRUMENTS, name) ? SIM_INSTRUMENTS[name] : undefined;
}

/** For an instrument already validated at the edge: its facts (an unknown one here is a bug, not a bad request). */
export function knownSimInstrument(name: SimInstrumentName): SimInstrument {
  const instrument = simInstrument(name);
  if (instrument) return instrument;
  throw new Error(`the simulator does not trade ${name}`);
}

export const simPipSize = (name: SimInstrumentName): number => 10 ** knownSimInstrument(name).pipLocation;

/** OANDA names an instrument BASE_QUOTE, each an ISO 4217 code (XAU for gold). */
export function simCurrencies(name: SimInstrumentName): { base: string; quote: string } {
  const codes = /^([A-Z]{3})_([A-Z]{3})$/.exec(name);
  if (!codes) throw new Error(`not an OANDA instrument name: ${name}`);
  return { base: codes[1]!, quote: codes[2]! };
}
