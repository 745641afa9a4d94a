import { clipTargetToLimits, type ClipInput } from '../../../../domain/sizing/clip-to-limits';
import { checkPreTrade } from '../../../../domain/risk/pre-trade-checks';
import fc from 'fast-check';

const LIMITS = { maxUnits: 1_000_000, maxNotionalUsd: 100_000, maxConcentration: 1.5 };
const base: ClipInput = {
  targetUnits: 1_000_000, positionUnits: 0, usdPerUnit: 1.1, navUsd: 100_000, limits: LIMITS, marginRate: 0.02, marginAvailableUsd: 100_000, tradeUnitsPrecision: 0,
};

describe('clipTargetToLimits', () => {
  it('leaves a target inside every limit as it is', () => {
    expect(clipTargetToLimits({ ...base, targetUnits: 50_000 })).toEqual({ targetUnits: 50_000, clippedBy: [] });
  });

  it('cuts to the tightest limit and names every limit that binds, tightest first (hand-checked)', () => {
    // 100,000 USD / 1.1 = 90,909 units by notional; 150,000 USD / 1.1 = 136,363 by concentration; 1,000,000 by units.
    expect(clipTargetToLimits(base)).toEqual({ targetUnits: 90_909, clippedBy: ['max_notional', 'max_concentration'] });
    expect(clipTargetToLimits({ ...base, targetUnits: -1_000_000 })).toEqual({ targetUnits: -90_909, clippedBy: ['max_notional', 'max_concentration'] });
  });

  it('counts only what the order opens against units and notional: a reversal frees the position first', () => {
    // Short 80,000 → long: the 80,000 that close are not counted; the new long is still held to the notional limit.
    expect(clipTargetToLimits({ ...base, positionUnits: -80_000 }).targetUnits).toBe(90_909);
    // Adding to a long: only the addition counts against notional, the whole position against concentration.
    expect(clipTargetToLimits({ ...base, positionUnits: 50_000 })).toEqual({ targetUnits: 136_363, clippedBy: ['max_concentration', 'max_notional'] });
  });

  it('keeps the margin it needs within the margin available, a reversal counting the margin it frees', () => {
    // 1,000 USD available at 2%: 50,000 USD of notional, 45,454 units at 1.1.
    expect(clipTargetToLimits({ ...base, marginAvailableUsd: 1_000 })).toEqual({ targetUnits: 45_454, clippedBy: ['margin', 'max_notional', 'max_concentration'] });
    // Short 20,000 frees 440 USD of margin: 1,440 USD buys 65,454 units.
    expect(clipTargetToLimits({ ...base, marginAvailableUsd: 1_000, positionUnits: -20_000 }).targetUnits).toBe(65_454);
    expect(clipTargetToLimits({ ...base, marginAvailableUsd: -500 })).toEqual({ targetUnits: 0, clippedBy: ['margin', 'max_notional', 'max_concentration'] });
  });

  it('rounds down to the instrument precision without losing a unit to floating point', () => {
    expect(clipTargetToLimits({ ...base, usdPerUnit: 1 }).targetUnits).toBe(100_000);
    expect(clipTargetToLimits({ ...base, usdPerUnit: 3, tradeUnitsPrecision: 1 }).targetUnits).toBe(33_333.3);
  });

  it('whatever it allows passes the pre-trade checks it was cut for', () => {
    fc.assert(fc.property(
      fc.integer({ min: -2_000_000, max: 2_000_000 }).filter((units) => units !== 0),
      fc.integer({ min: -200_000, max: 200_000 }),
      fc.double({ min: 0.5, max: 200, noNaN: true }),
      fc.double({ min: 1_000, max: 1_000_000, noNaN: true }),
      (targetUnits, positionUnits, price, maxNotionalUsd) => {
        const limits = { ...LIMITS, maxNotionalUsd };
        const clipped = clipTargetToLimits({ ...base, targetUnits, positionUnits, usdPerUnit: price, limits, navUsd: 1e7, marginAvailableUsd: 1e9 });
        const units = clipped.targetUnits - positionUnits;
        if (units === 0) return;
        const check = checkPreTrade({
          order: { instrument: 'EUR_USD', units, priceQuote: price }, account: { navUsd: 1e7, positions: { EUR_USD: positionUnits }, pricesMid: {}, openTradeCount: 0, dailyPnlUsd: 0 },
          recentOrderTimesMs: [], nowMs: 0, limits: { ...limits, maxOpenTrades: 10, maxDailyLossUsd: 1e9, maxOrdersPerWindow: 10, orderRateWindowMs: 1 }, tradingState: 'ACTIVE',
        });
        expect(check.failures.filter((failure) => failure.check === 'max_units' || failure.check === 'max_notional' || failure.check === 'max_concentration')).toEqual([]);
      },
    ));
  });
});
