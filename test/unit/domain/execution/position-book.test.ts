import { applyFill, flatPosition, unrealizedProfit } from '../../../../domain/execution/position-book';

describe('position book (netting)', () => {
  it('averages an increase, keeps the average on a reduction, and reopens at the fill price on a reversal', () => {
    const position = flatPosition();
    expect(applyFill(position, 1000, 1.1)).toBe(1);
    expect(applyFill(position, 3000, 1.2)).toBe(0);
    expect(position.units).toBe(4000);
    expect(position.averagePriceQuote).toBeCloseTo(1.175, 12);
    expect(applyFill(position, -1000, 1.3)).toBe(0);
    expect(position.averagePriceQuote).toBeCloseTo(1.175, 12);
    expect(applyFill(position, -5000, 1.25)).toBe(0);
    expect(position).toEqual({ units: -2000, averagePriceQuote: 1.25 });
    expect(applyFill(position, 2000, 1.24)).toBe(-1);
    expect(position.units).toBe(0);
    expect(position.averagePriceQuote).toBeNaN();
  });

  it('marks a long at the bid and a short at the ask', () => {
    expect(unrealizedProfit({ units: 10_000, averagePriceQuote: 1.1 }, 1.1010, 1.1012, 1)).toBeCloseTo(10, 9);
    expect(unrealizedProfit({ units: -10_000, averagePriceQuote: 1.1 }, 1.1010, 1.1012, 1)).toBeCloseTo(-12, 9);
    expect(unrealizedProfit({ units: 1_000, averagePriceQuote: 150 }, 151, 151.02, 1 / 151.01)).toBeCloseTo(1000 / 151.01, 9);
    expect(unrealizedProfit(flatPosition(), 1, 1, 1)).toBe(0);
  });
});
