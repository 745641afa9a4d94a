import fc from 'fast-check';
import { INSTRUMENTS } from '../../../../domain/market';
import { positionWeight, rebalanceOrders, type RebalanceInput } from '../../../../domain/portfolio/rebalance-orders';

const prices = { EUR_USD: 1.1, USD_JPY: 150, GBP_USD: 1.25, AUD_USD: 0.65, EUR_JPY: 165, XAU_USD: 2000 };

function input(overrides: Partial<RebalanceInput> = {}): RebalanceInput {
  return {
    // Current weights: EUR_USD 50,000 * 1.1 / 100,000 = 0.55; USD_JPY -10,000 / 100,000 = -0.1.
    targets: { EUR_USD: 0.3, USD_JPY: 0.2, GBP_USD: 0.4 },
    positions: { EUR_USD: 50_000, USD_JPY: -10_000 },
    prices,
    navUsd: 100_000,
    driftThreshold: 0.02,
    minTradeUnits: 1,
    ...overrides,
  };
}

describe('rebalance orders', () => {
  it('moves each drifted instrument to its target, reducing first, reversals split in two (hand-checked)', () => {
    const orders = rebalanceOrders(input());
    expect(orders.map(({ instrument, units, reducing }) => ({ instrument, units, reducing }))).toEqual([
      // 0.3 * 100,000 / 1.1 = 27,272.7 -> 27,273 units: sell 22,727.
      { instrument: 'EUR_USD', units: -22_727, reducing: true },
      // USD_JPY goes from short 10,000 to long 20,000: close, then open.
      { instrument: 'USD_JPY', units: 10_000, reducing: true },
      // 0.4 * 100,000 / 1.25 = 32,000 units.
      { instrument: 'GBP_USD', units: 32_000, reducing: false },
      { instrument: 'USD_JPY', units: 20_000, reducing: false },
    ]);
    expect(orders[0]!.notionalUsd).toBeCloseTo(-22_727 * 1.1, 6);
    expect(orders[2]!.notionalUsd).toBeCloseTo(40_000, 6);
    expect(orders[0]!.reason).toBe('EUR_USD weight 0.5500 -> target 0.3000 (drift 0.2500 > threshold 0.02)');
    expect(orders[1]!.reason).toContain('close before reversing');
  });

  it('skips instruments whose drift is inside the threshold', () => {
    const orders = rebalanceOrders(input({ targets: { EUR_USD: 0.54, USD_JPY: -0.09 } }));
    expect(orders).toEqual([]);
  });

  it('closes positions that have no target', () => {
    const orders = rebalanceOrders(input({ targets: {}, positions: { AUD_USD: 10_000 } }));
    expect(orders).toEqual([expect.objectContaining({ instrument: 'AUD_USD', units: -10_000, reducing: true })]);
  });

  it('applies the weights to NAV times grossExposure', () => {
    const orders = rebalanceOrders(input({ targets: { GBP_USD: 0.4 }, positions: {}, grossExposure: 2.5 }));
    expect(orders.map((order) => order.units)).toEqual([80_000]);
  });

  it('skips trades smaller than the minimum trade size', () => {
    // Target 500.4 EUR_USD units from none: drift 0.0055 is over a zero threshold but 500 units is under 1,000.
    const orders = rebalanceOrders(input({ targets: { EUR_USD: 0.0055044 }, positions: {}, driftThreshold: 0, minTradeUnits: 1_000 }));
    expect(orders).toEqual([]);
    expect(rebalanceOrders(input({ targets: { EUR_USD: 0.0055044 }, positions: {}, driftThreshold: 0, minTradeUnits: 100 }))[0]!.units).toBe(500);
  });

  it("rounds units to the instrument's trade precision", () => {
    const specs = { ...INSTRUMENTS, XAU_USD: { ...INSTRUMENTS.XAU_USD!, tradeUnitsPrecision: 2 } };
    // 0.1 * 100,000 / 2,000 = 5 ounces; 0.1234 gives 6.17.
    const orders = rebalanceOrders(input({ targets: { XAU_USD: 0.1234 }, positions: {}, specs, minTradeUnits: 0 }));
    expect(orders.map((order) => order.units)).toEqual([6.17]);
  });

  it('names what it cannot work with', () => {
    expect(() => rebalanceOrders(input({ navUsd: 0 }))).toThrow('positive NAV, got 0');
    expect(() => rebalanceOrders(input({ targets: { EUR_USD: 0.7, GBP_USD: 0.7 } }))).toThrow('largest is EUR_USD');
    expect(() => rebalanceOrders(input({ targets: { NZD_USD: 0.1 }, prices: { ...prices, NZD_USD: 0.6 } }))).toThrow('no instrument spec for NZD_USD');
  });

  it('property: after the orders are filled, every weight is within the drift threshold of its target, and reducing orders come first', () => {
    const names = ['EUR_USD', 'USD_JPY', 'GBP_USD', 'AUD_USD', 'EUR_JPY', 'XAU_USD'] as const;
    const largestUsdPerUnit = 2_000;
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: names.length, maxLength: names.length }),
      fc.array(fc.integer({ min: -200_000, max: 200_000 }), { minLength: names.length, maxLength: names.length }),
      fc.double({ min: 1.01, max: 1_000, noNaN: true }),
      fc.double({ min: 0.005, max: 0.1, noNaN: true }),
      fc.integer({ min: 1, max: 100 }),
      fc.double({ min: 0.5, max: 3, noNaN: true }),
      (rawWeights, rawUnits, navHeadroom, driftThreshold, minTradeUnits, grossExposure) => {
        // The invariant needs the smallest tradable step (minimum size plus a rounding unit) to be worth less than
        // the threshold; otherwise a drift above the threshold can be untradeable.
        const navUsd = (navHeadroom * (minTradeUnits + 1) * largestUsdPerUnit) / driftThreshold;
        const gross = rawWeights.reduce((total, w) => total + Math.abs(w), 0) || 1;
        const targets = Object.fromEntries(names.map((name, i) => [name, rawWeights[i]! / Math.max(gross, 1)]));
        const positions: Record<string, number> = Object.fromEntries(names.map((name, i) => [name, rawUnits[i]!]));
        const orders = rebalanceOrders({ targets, positions, prices, navUsd, driftThreshold, minTradeUnits, grossExposure });

        const reducingFlags = orders.map((order) => order.reducing);
        expect(reducingFlags).toEqual([...reducingFlags].sort((a, b) => Number(b) - Number(a)));
        for (const order of orders) positions[order.instrument] = positions[order.instrument]! + order.units;
        for (const name of names) {
          const drift = Math.abs(targets[name]! * grossExposure - positionWeight(name, positions[name]!, prices, navUsd));
          expect(drift).toBeLessThanOrEqual(driftThreshold + 1e-12);
        }
      },
    ), { numRuns: 300, seed: 11 });
  });
});
