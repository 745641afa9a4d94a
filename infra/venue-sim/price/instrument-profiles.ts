import type { SimInstrumentName } from '../market/instruments';

/** How the simulator quotes one instrument: level, volatility, spread, and its loading on the common USD factor. */
export interface InstrumentProfile {
  startMid: number;
  annualVolatility: number;
  typicalSpreadPips: number;
  /** Correlation of the instrument's returns with USD strength (positive for USD_XXX, negative for XXX_USD). */
  usdFactorLoading: number;
}

/** Independent instruments; EUR_JPY is derived as EUR_USD × USD_JPY so the cross stays arbitrage-free. */
export const PRIMARY_PROFILES: Readonly<Record<SimInstrumentName, InstrumentProfile>> = Object.freeze({
  EUR_USD: { startMid: 1.08, annualVolatility: 0.07, typicalSpreadPips: 1.2, usdFactorLoading: -0.8 },
  GBP_USD: { startMid: 1.27, annualVolatility: 0.08, typicalSpreadPips: 1.6, usdFactorLoading: -0.7 },
  USD_JPY: { startMid: 150, annualVolatility: 0.1, typicalSpreadPips: 1.5, usdFactorLoading: 0.5 },
  AUD_USD: { startMid: 0.66, annualVolatility: 0.1, typicalSpreadPips: 1.4, usdFactorLoading: -0.6 },
  USD_CHF: { startMid: 0.88, annualVolatility: 0.07, typicalSpreadPips: 1.7, usdFactorLoading: 0.75 },
  USD_CAD: { startMid: 1.36, annualVolatility: 0.06, typicalSpreadPips: 2.0, usdFactorLoading: 0.5 },
  XAU_USD: { startMid: 2400, annualVolatility: 0.15, typicalSpreadPips: 35, usdFactorLoading: -0.3 },
});

export const DERIVED_CROSSES: Readonly<Record<SimInstrumentName, { spreadPips: number; legs: [SimInstrumentName, SimInstrumentName] }>> =
  Object.freeze({ EUR_JPY: { spreadPips: 2.5, legs: ['EUR_USD', 'USD_JPY'] } });

/** Short-term deposit rates (annual, fraction) used for daily financing: long pays base minus quote, minus a markup. */
export const CURRENCY_INTEREST_RATES: Readonly<Record<string, number>> = Object.freeze({
  USD: 0.045, EUR: 0.025, GBP: 0.04, JPY: 0.005, AUD: 0.038, CHF: 0.005, CAD: 0.03, XAU: 0,
});

export const FINANCING_MARKUP = 0.01;
