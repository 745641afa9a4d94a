import fc from 'fast-check';
import { liveRecord, type TradeClose } from '../../../../domain/research/live-record';

const DAY_MS = 86_400_000;

describe('live record of a strategy version', () => {
  // Trade a wins 1000 on day 0; b loses 500 on day 1 and wins 200 back on day 2; c wins 400 in the unfinished day 3.
  const closes: TradeClose[] = [
    { tradeId: 'a', timeMs: 0.5 * DAY_MS, realizedPl: 1000 },
    { tradeId: 'b', timeMs: 1.2 * DAY_MS, realizedPl: -500 },
    { tradeId: 'b', timeMs: 2.1 * DAY_MS, realizedPl: 200 },
    { tradeId: 'c', timeMs: 3.2 * DAY_MS, realizedPl: 400 },
  ];
  const base = { closes, tradesOpened: 4, fromMs: 0, toMs: 3.5 * DAY_MS, periodMs: DAY_MS, capital: 100_000 };

  it('turns realized closes into compounded daily returns, scored like a sandbox test (hand-checked)', () => {
    // Returns 1000/100000, -500/101000, 200/100500: mean 0.00234652, sd 0.00748162, × sqrt(365.25) = 5.99409.
    // Trade c closed in day 3, which is not over yet: the record counts it neither in returns nor in trades.
    const record = liveRecord({ ...base, objective: 'sharpe' });
    expect(record).toEqual({
      periods: 3,
      scored: true,
      tradesOpened: 4,
      tradesClosed: 2,
      realizedPl: 700,
      winRate: 1 / 2,
      totalReturn: expect.closeTo(0.007, 12),
      objectiveValue: expect.closeTo(5.994092, 5),
      objective: 'sharpe',
      maxDrawdown: expect.closeTo(0.005 / 1.01, 12),
      sharpe: expect.objectContaining({ sharpe: expect.closeTo(5.994092 / Math.sqrt(365.25), 6), observations: 3 }),
      periodsPerYear: 365.25,
    });
    // Downside deviation sqrt((-500/101000)^2 / 3): Sortino 15.6903.
    expect(liveRecord({ ...base, objective: 'sortino' }).objectiveValue).toBeCloseTo(15.690293, 5);
  });

  it('counts trades and P/L but scores nothing when the capital is unknown; scores an idle record as zero', () => {
    const unknownCapital = liveRecord({ ...base, capital: undefined, objective: 'sharpe' });
    expect(unknownCapital).toMatchObject({ periods: 3, scored: false, tradesClosed: 2, realizedPl: 700, objectiveValue: 0, maxDrawdown: 0, totalReturn: 0 });
    const idle = liveRecord({ ...base, closes: [], tradesOpened: 0, objective: 'calmar' });
    expect(idle).toMatchObject({ periods: 3, scored: true, tradesClosed: 0, realizedPl: 0, winRate: 0, objectiveValue: 0, maxDrawdown: 0 });
    // Not a single complete period yet: nothing is counted.
    expect(liveRecord({ ...base, toMs: 0.9 * DAY_MS, objective: 'sharpe' })).toMatchObject({ periods: 0, tradesClosed: 0, realizedPl: 0 });
  });

  it('refuses a window, period, capital or P/L it cannot measure', () => {
    expect(() => liveRecord({ ...base, periodMs: 0, objective: 'sharpe' })).toThrow('periodMs must be positive, got 0');
    expect(() => liveRecord({ ...base, toMs: -1, objective: 'sharpe' })).toThrow('the window must not end (-1) before it starts (0)');
    expect(() => liveRecord({ ...base, capital: 0, objective: 'sharpe' })).toThrow('capital must be positive, got 0');
    expect(() => liveRecord({ ...base, closes: [{ tradeId: 'x', timeMs: 0, realizedPl: Number.NaN }], objective: 'sharpe' })).toThrow('trade x has a non-finite realized P/L');
  });

  it('compounds to the capital plus the P/L, whatever the order of the closes', () => {
    // At most 40 closes of at most 1000 each: the 50 000 of capital is never used up.
    const close = fc.record({ tradeId: fc.constantFrom('a', 'b', 'c', 'd'), timeMs: fc.integer({ min: 0, max: 10 * DAY_MS - 1 }), realizedPl: fc.double({ min: -1000, max: 1000, noNaN: true }) });
    fc.assert(fc.property(fc.array(close, { maxLength: 40 }), (sample) => {
      const record = liveRecord({ closes: sample, tradesOpened: 4, fromMs: 0, toMs: 10 * DAY_MS, periodMs: DAY_MS, capital: 50_000, objective: 'sharpe' });
      const total = sample.reduce((sum, c) => sum + c.realizedPl, 0);
      expect(record.realizedPl).toBeCloseTo(total, 6);
      expect(record.totalReturn).toBeCloseTo(total / 50_000, 9);
      expect(record.maxDrawdown).toBeGreaterThanOrEqual(0);
      expect(record.maxDrawdown).toBeLessThan(1);
      expect(record.tradesClosed).toBe(new Set(sample.map((c) => c.tradeId)).size);
    }));
  });

  it('stops the record at -100% when the losses exceed the capital', () => {
    const record = liveRecord({ ...base, closes: [{ tradeId: 'a', timeMs: 0, realizedPl: -150_000 }, { tradeId: 'b', timeMs: DAY_MS, realizedPl: 10 }], objective: 'sharpe' });
    expect(record.totalReturn).toBe(-1);
    expect(record.maxDrawdown).toBe(1);
  });
});
