import { runBacktest, type BacktestConfig } from '../../../../domain/backtest/backtester';
import { candleSeriesFromColumns, type CandleSeries } from '../../../../domain/backtest/candle-series';
import { instrumentSpec } from '../../../../domain/market';
import type { Signal, StreamingStrategy } from '../../../../domain/strategies/types';

/** A strategy that says what it is told, bar by bar: the backtester is what is under test here. */
function scripted(directions: Signal['direction'][], stopDistances: number[]): StreamingStrategy & { seenCloses: number[] } {
  const signal: Signal = { direction: 0, confidence: 0, stopDistance: Number.NaN };
  const seenCloses: number[] = [];
  return {
    seenCloses,
    update(bar) {
      const i = seenCloses.length;
      seenCloses.push(bar.close);
      signal.direction = directions[i]!;
      signal.confidence = directions[i] === 0 ? 0 : 1;
      signal.stopDistance = stopDistances[i]!;
      return signal;
    },
  };
}

/** Mid bars [open, high, low, close] with a 2-pip spread around them (bid = mid - 0.0001, ask = mid + 0.0001). */
function series(midBars: [number, number, number, number][]): CandleSeries {
  const side = (offset: number, field: number): Float64Array => Float64Array.from(midBars, (bar) => bar[field]! + offset);
  return candleSeriesFromColumns({
    timeMs: Float64Array.from(midBars, (_, i) => i * 3_600_000),
    bidOpen: side(-0.0001, 0), bidHigh: side(-0.0001, 1), bidLow: side(-0.0001, 2), bidClose: side(-0.0001, 3),
    askOpen: side(0.0001, 0), askHigh: side(0.0001, 1), askLow: side(0.0001, 2), askClose: side(0.0001, 3),
  });
}

const config: BacktestConfig = {
  instrument: instrumentSpec('EUR_USD'), accountCurrency: 'USD', initialEquityAccount: 10_000, riskFraction: 0.01,
  periodsPerYear: 6240, commissionBps: 1, slippagePips: 0.1, takeProfitStopMultiple: 2,
};

describe('backtester on a hand-checked series', () => {
  const bars = series([
    [1.1, 1.101, 1.099, 1.1], // 0
    [1.1, 1.101, 1.099, 1.1], // 1: signal long, stop 0.0050
    [1.101, 1.103, 1.1, 1.102], // 2: buy at the open
    [1.102, 1.104, 1.095, 1.096], // 3: bid low 1.0949 hits the stop
    [1.096, 1.097, 1.095, 1.096], // 4: signal short, stop 0.0040
    [1.096, 1.0965, 1.087, 1.09], // 5: sell at the open; ask low 1.0871 reaches the take-profit
  ]);
  const strategy = scripted([0, 1, 1, 1, -1, -1], [0.005, 0.005, 0.005, 0.005, 0.004, 0.004]);
  const result = runBacktest(bars, strategy, config);
  const [long, short] = result.trades;

  it('feeds the strategy mid bars and fills the long at the next open at ask + slippage, sized by risk', () => {
    expect(strategy.seenCloses).toEqual([1.1, 1.1, 1.102, 1.096, 1.096, 1.09]);
    // ask open 1.1011 + 0.1 pip; 10,000 × 1% / 0.0050 = 20,000 units; stop 1.10111 - 0.005, take-profit + 2 × 0.005
    expect(long).toMatchObject({ direction: 1, units: 20_000, entryIndex: 2, exitIndex: 3, exitReason: 'stop-loss' });
    expect(long!.entryPrice).toBeCloseTo(1.10111, 12);
    expect(long!.stopPrice).toBeCloseTo(1.09611, 12);
    expect(long!.takeProfitPrice).toBeCloseTo(1.11111, 12);
  });

  it('marks the open long at the bid close and takes the stop inside bar 3 with slippage', () => {
    // entry commission 20,000 × 1.10111 × 1bp = 2.20222; bar 2 mark: 20,000 × (1.1019 - 1.10111) = 15.8
    expect(result.cash[2]).toBeCloseTo(10_000 - 2.20222, 9);
    expect(result.equity[2]).toBeCloseTo(10_000 - 2.20222 + 15.8, 9);
    expect(result.positionUnits[2]).toBe(20_000);
    // stop fill 1.09611 - 0.00001 = 1.0961; loss 20,000 × 0.00501 = 100.2; exit commission 20,000 × 1.0961 × 1bp = 2.1922
    expect(long!.exitPrice).toBeCloseTo(1.0961, 12);
    expect(long!.profitAccount).toBeCloseTo(-100.2 - 2.20222 - 2.1922, 9);
    expect(result.equity[3]).toBeCloseTo(10_000 - 100.2 - 2.20222 - 2.1922, 9);
    expect(result.positionUnits[3]).toBe(0);
  });

  it('does not re-enter after the stop while the signal stays long; reverses on the short signal', () => {
    // equity before the short: 9,895.40558; 1% / 0.0040 = 24,738.51 -> 24,738 units at bid open 1.0959 - 0.00001
    expect(short).toMatchObject({ direction: -1, units: 24_738, entryIndex: 5, exitIndex: 5, exitReason: 'take-profit' });
    expect(short!.entryPrice).toBeCloseTo(1.09589, 12);
    // take-profit 1.09589 - 0.008 = 1.08789, reached by the ask low 1.0871; gain 24,738 × 0.008 = 197.904
    expect(short!.exitPrice).toBeCloseTo(1.08789, 12);
    const commissions = 24_738 * (1.09589 + 1.08789) * 1e-4;
    expect(short!.profitAccount).toBeCloseTo(197.904 - commissions, 9);
    expect(result.equity[5]).toBeCloseTo(9_895.40558 + 197.904 - commissions, 9);
    expect(result.trades).toHaveLength(2);
    expect(result.metrics.numberOfTrades).toBe(2);
    expect(result.metrics.winRate).toBe(0.5);
  });

  it('closes a position still open at the end at the last close and books it as end-of-data', () => {
    const held = runBacktest(bars, scripted([1, 1, 1, 1, 1, 1], [0.02, 0.02, 0.02, 0.02, 0.02, 0.02]), { ...config, takeProfitStopMultiple: undefined, commissionBps: 0, slippagePips: 0 });
    // bought at ask open of bar 1 (1.1001), 10,000 × 1% / 0.02 = 5,000 units, sold at bid close of bar 5 (1.0899)
    expect(held.trades).toEqual([expect.objectContaining({ entryIndex: 1, exitIndex: 5, units: 5_000, exitReason: 'end-of-data', barsHeld: 5 })]);
    expect(held.equity[5]).toBeCloseTo(10_000 + 5_000 * (1.0899 - 1.1001), 9);
    expect(held.positionUnits[5]).toBe(0);
  });

  it('converts USD_JPY P/L from yen at the mid price, and refuses a cross without a rate', () => {
    const yen = series([[150, 150.1, 149.9, 150], [150, 150.1, 149.9, 150], [150, 151, 149.9, 151]]);
    const result = runBacktest(yen, scripted([1, 1, 1], [0.5, 0.5, 0.5]), { ...config, instrument: instrumentSpec('USD_JPY'), commissionBps: 0, slippagePips: 0, takeProfitStopMultiple: undefined });
    // 10,000 × 1% / (0.5 / 150) = 30,000 units bought at 150.0001 (mid open 150 for the rate); bar 1 marks at bid close 149.9999
    expect(result.trades[0]).toMatchObject({ units: 30_000, entryIndex: 1 });
    expect(result.equity[1]).toBeCloseTo(10_000 + (30_000 * (149.9999 - 150.0001)) / 150, 9);
    // closed at the bid close 150.9999 of bar 2, converted at the mid close 151
    expect(result.equity[2]).toBeCloseTo(10_000 + (30_000 * (150.9999 - 150.0001)) / 151, 9);
    expect(() => runBacktest(yen, scripted([0, 0, 0], [1, 1, 1]), { ...config, instrument: instrumentSpec('EUR_JPY') })).toThrow('JPY→USD rate is needed');
  });
});
