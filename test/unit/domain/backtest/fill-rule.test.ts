import { marketFillPrice, orderIsDue, stopLossFillPrice, takeProfitFillPrice } from '../../../../domain/backtest/fill-rule';

describe('fill rule', () => {
  it('buys at the ask and sells at the bid, slippage against the trader', () => {
    expect(marketFillPrice(1, 1.1, 1.1002, 0.00001)).toBeCloseTo(1.10021, 12);
    expect(marketFillPrice(-1, 1.1, 1.1002, 0.00001)).toBeCloseTo(1.09999, 12);
  });

  it('fills a stop at its level, or at the open when the bar gaps through it', () => {
    // long, stop 1.0950: bid range 1.0940..1.0990 from an open of 1.0980 -> 1.0950 - slippage
    expect(stopLossFillPrice(1, 1.095, 1.098, 1.099, 1.094, 0.0001)).toBeCloseTo(1.0949, 12);
    // long, gap: opens at 1.0900 below the stop -> fills at the open
    expect(stopLossFillPrice(1, 1.095, 1.09, 1.091, 1.089, 0)).toBe(1.09);
    // short, stop 1.1050 above: ask reaches 1.1060 -> 1.1050
    expect(stopLossFillPrice(-1, 1.105, 1.1, 1.106, 1.099, 0)).toBe(1.105);
    expect(stopLossFillPrice(1, 1.095, 1.098, 1.099, 1.0951, 0)).toBeNaN();
  });

  it('fills a take-profit at its level or better on a gap, without slippage', () => {
    expect(takeProfitFillPrice(1, 1.11, 1.105, 1.112, 1.104)).toBe(1.11);
    expect(takeProfitFillPrice(1, 1.11, 1.115, 1.116, 1.114)).toBe(1.115);
    expect(takeProfitFillPrice(-1, 1.09, 1.095, 1.096, 1.089)).toBe(1.09);
    expect(takeProfitFillPrice(-1, 1.09, 1.095, 1.096, 1.0901)).toBeNaN();
  });

  it('orders only when the wanted direction changes from the last one acted on', () => {
    expect(orderIsDue(0, 1)).toBe(true);
    expect(orderIsDue(1, 1)).toBe(false);
    expect(orderIsDue(1, 0)).toBe(true);
    expect(orderIsDue(-1, 1)).toBe(true);
  });
});
