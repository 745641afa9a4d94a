import { instrumentSpec, type InstrumentSpec } from '../../../../domain/market';
import { quoteToAccountRate } from '../../../../domain/sizing/quote-conversion';
import { riskFractionUnits } from '../../../../domain/sizing/risk-fraction';

const eurUsd = instrumentSpec('EUR_USD');

describe('risk-fraction position sizing', () => {
  it('sizes EUR_USD so the stop loses the risk fraction: 10,000 × 1% / 0.0050 = 20,000 units', () => {
    expect(riskFractionUnits({ equityAccount: 10_000, riskFraction: 0.01, stopDistancePrice: 0.005, quoteToAccountRate: 1, instrument: eurUsd }))
      .toEqual({ units: 20_000, limitedBy: 'risk' });
  });

  it('converts USD_JPY P/L from yen: a 0.50 JPY stop at 150 is 0.5/150 USD a unit, so 100 USD of risk is 30,000 units', () => {
    const rate = quoteToAccountRate('USD_JPY', 'USD', 150);
    expect(rate).toBeCloseTo(1 / 150, 15);
    expect(riskFractionUnits({ equityAccount: 10_000, riskFraction: 0.01, stopDistancePrice: 0.5, quoteToAccountRate: rate, instrument: instrumentSpec('USD_JPY') }).units).toBe(30_000);
  });

  it('rounds down to the unit precision: 100 / 0.0003 = 333,333.33 -> 333,333 whole units, or 333,333.33 with two decimals', () => {
    const input = { equityAccount: 10_000, riskFraction: 0.01, stopDistancePrice: 0.0003, quoteToAccountRate: 1 };
    expect(riskFractionUnits({ ...input, instrument: eurUsd }).units).toBe(333_333);
    const fractional: InstrumentSpec = { ...eurUsd, tradeUnitsPrecision: 2 };
    expect(riskFractionUnits({ ...input, instrument: fractional }).units).toBe(333_333.33);
  });

  it('caps at the maximum order size and gives 0 (not the minimum) below the minimum trade size', () => {
    const xau = instrumentSpec('XAU_USD');
    expect(riskFractionUnits({ equityAccount: 1e9, riskFraction: 0.01, stopDistancePrice: 1, quoteToAccountRate: 1, instrument: xau }))
      .toEqual({ units: 100_000, limitedBy: 'maximum-order-units' });
    const bigLots: InstrumentSpec = { ...eurUsd, minimumTradeSize: 1000 };
    // 10 × 1% / 0.005 = 20 units < 1000
    expect(riskFractionUnits({ equityAccount: 10, riskFraction: 0.01, stopDistancePrice: 0.005, quoteToAccountRate: 1, instrument: bigLots }))
      .toEqual({ units: 0, limitedBy: 'below-minimum-trade-size' });
  });

  it('does not trade without a stop or without equity, and rejects a risk fraction outside (0, 1]', () => {
    const base = { equityAccount: 10_000, riskFraction: 0.01, stopDistancePrice: 0.005, quoteToAccountRate: 1, instrument: eurUsd };
    expect(riskFractionUnits({ ...base, stopDistancePrice: Number.NaN })).toEqual({ units: 0, limitedBy: 'no-stop' });
    expect(riskFractionUnits({ ...base, equityAccount: -5 })).toEqual({ units: 0, limitedBy: 'no-equity' });
    expect(() => riskFractionUnits({ ...base, riskFraction: 2 })).toThrow('riskFraction must be in (0, 1], got 2');
  });

  it('needs a cross rate when neither currency is the account currency', () => {
    expect(quoteToAccountRate('EUR_USD', 'USD', 1.1)).toBe(1);
    expect(quoteToAccountRate('EUR_JPY', 'USD', 160, 0.0067)).toBe(0.0067);
    expect(() => quoteToAccountRate('EUR_JPY', 'USD', 160)).toThrow('EUR_JPY P/L is in JPY: a JPY→USD rate is needed for a USD account');
  });
});
