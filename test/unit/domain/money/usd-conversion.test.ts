import { findUsdPerUnit, notionalUsd, quoteToUsdRate, usdPerUnit } from '../../../../domain/money/usd-conversion';

describe('USD conversion', () => {
  const prices = { EUR_USD: 1.1, USD_JPY: 150, EUR_JPY: 165, XAU_USD: 2000, USD_CHF: 0.9, GBP_USD: 1.25 };

  it('values USD-base positions at their units whatever the price', () => {
    expect(notionalUsd('USD_JPY', 1000, prices)).toBe(1000);
    expect(notionalUsd('USD_CHF', -250, prices)).toBe(-250);
  });

  it('values USD-quote positions at units times price, signed like the units', () => {
    expect(notionalUsd('EUR_USD', 1000, prices)).toBeCloseTo(1100, 9);
    expect(notionalUsd('XAU_USD', -2, prices)).toBe(-4000);
  });

  it('values crosses through the quote currency: EUR_JPY units * 165 JPY / 150 JPY per USD', () => {
    expect(quoteToUsdRate('EUR_JPY', prices)).toBeCloseTo(1 / 150, 15);
    expect(notionalUsd('EUR_JPY', 1000, prices)).toBeCloseTo(1100, 9);
  });

  it('converts a quote currency from either side of its USD pair', () => {
    expect(quoteToUsdRate('EUR_USD', prices)).toBe(1);
    expect(quoteToUsdRate('USD_CHF', prices)).toBeCloseTo(1 / 0.9, 15);
    expect(quoteToUsdRate('EUR_GBP', prices)).toBe(1.25);
    expect(usdPerUnit('EUR_GBP', { ...prices, EUR_GBP: 0.88 })).toBeCloseTo(0.88 * 1.25, 12);
  });

  it('values one unit at a given order price without throwing, undefined when a conversion price is missing', () => {
    expect(findUsdPerUnit('EUR_JPY', 166.5, prices)).toBeCloseTo(166.5 / 150, 15);
    expect(findUsdPerUnit('USD_JPY', 151, prices)).toBe(1);
    expect(findUsdPerUnit('EUR_JPY', 166.5, { EUR_JPY: 165 })).toBeUndefined();
    expect(findUsdPerUnit('EUR_USD', Number.NaN, prices)).toBeUndefined();
  });

  it('names the price it is missing', () => {
    expect(() => notionalUsd('EUR_JPY', 1, { EUR_JPY: 165 })).toThrow('need JPY_USD or USD_JPY');
    expect(() => notionalUsd('EUR_USD', 1, {})).toThrow('no usable mid price for EUR_USD');
  });
});
