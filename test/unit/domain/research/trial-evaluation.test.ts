import { runBacktest } from '../../../../domain/backtest/backtester';
import { instrumentSpec } from '../../../../domain/market';
import { alignCandleSeries } from '../../../../domain/research/align-series';
import { RATIO_CAP } from '../../../../domain/research/objective';
import { periodReturns, segmentMetrics } from '../../../../domain/research/segment-metrics';
import { sliceCandleSeries } from '../../../../domain/research/slice-series';
import { evaluateTrial, type TrialEvaluationInput } from '../../../../domain/research/trial-evaluation';
import { walkForwardFolds } from '../../../../domain/research/walk-forward';
import { maCrossover, type MaCrossoverParams } from '../../../../domain/strategies/ma-crossover';
import { BACKTEST } from './optimization-scenario';
import { plantedEdgeSeries } from './planted-edge-series';

const params: MaCrossoverParams = { averageKind: 'sma', fastPeriod: 10, slowPeriod: 40, atrPeriod: 14, stopAtrMultiple: 3 };
const series = plantedEdgeSeries({ bars: 1200, seed: 3, edge: 0.2 });
const input = (overrides: Partial<TrialEvaluationInput> = {}): TrialEvaluationInput => ({
  seriesByInstrument: { EUR_USD: series }, strategy: maCrossover, params, folds: walkForwardFolds(series.length, { folds: 3, inSampleFraction: 0.5 }),
  backtest: BACKTEST, objective: 'sharpe', constraints: {}, periodBars: 24, ...overrides,
});

describe('trial evaluation', () => {
  it('scores an out-of-sample window exactly as a backtest of it, warmed up on the bars before and trading none of them', () => {
    const window = { start: 700, end: 1000 };
    const evaluation = evaluateTrial(input({ folds: [{ index: 0, outOfSample: window }] }));
    const warmup = maCrossover.warmupBars(params);
    const direct = runBacktest(sliceCandleSeries(series, { start: window.start - warmup, end: window.end }), maCrossover.createStreaming(params), { ...BACKTEST, instrument: instrumentSpec('EUR_USD') });
    expect(direct.trades.length).toBeGreaterThan(0);
    expect(Math.min(...direct.trades.map((trade) => trade.entryIndex))).toBeGreaterThanOrEqual(warmup);
    expect(direct.equity[warmup - 1]).toBe(BACKTEST.initialEquityAccount);
    expect(evaluation.outOfSample.bars).toBe(300);
    expect(evaluation.trades).toBe(direct.trades.length);
    expect(evaluation.outOfSample.totalReturn).toBeCloseTo(direct.equity[direct.equity.length - 1]! / BACKTEST.initialEquityAccount - 1, 12);
    expect(evaluation.inSampleObjective).toBeNull();
    // 300 bars in days of 24: 12 full days and one of 12 bars, compounding to the same total.
    expect(evaluation.periodReturns).toHaveLength(13);
    expect(evaluation.periodReturns.reduce((growth, r) => growth * (1 + r), 1) - 1).toBeCloseTo(evaluation.outOfSample.totalReturn, 12);
  });

  it('reports in-sample and out-of-sample metrics per fold and instrument, and an equal-weight portfolio', () => {
    // The same bars under two names: the portfolio must equal each instrument.
    const evaluation = evaluateTrial(input({ seriesByInstrument: { EUR_USD: series, GBP_USD: series } }));
    expect(evaluation.folds).toHaveLength(3);
    for (const fold of evaluation.folds) {
      expect(Object.keys(fold.inSample!.byInstrument)).toEqual(['EUR_USD', 'GBP_USD']);
      expect(fold.outOfSample.portfolio.sharpe).toBeCloseTo(fold.outOfSample.byInstrument.EUR_USD!.sharpe, 9);
      expect(fold.outOfSample.portfolio.trades).toBe(2 * fold.outOfSample.byInstrument.EUR_USD!.trades);
    }
    expect(evaluation.score).toBeCloseTo(evaluation.outOfSampleByInstrument.EUR_USD!.sharpe, 9);
    expect(evaluation.score).toBe(evaluation.outOfSample.objective);
    expect(evaluation.trades).toBe(evaluation.folds.reduce((total, fold) => total + fold.outOfSample.portfolio.trades, 0));
    expect(evaluation.inSampleObjective).toBeCloseTo(evaluation.folds.reduce((total, fold) => total + fold.inSample!.portfolio.sharpe, 0) / 3, 12);
    // The planted edge pays in and out of sample.
    expect(evaluation.score).toBeGreaterThan(3);
    expect(evaluation.feasible).toBe(true);
    // Workflow state and activity results are JSON: nothing may be lost on the way.
    expect(JSON.parse(JSON.stringify(evaluation))).toEqual(evaluation);
  });

  it('ranks by the chosen objective', () => {
    const calmar = evaluateTrial(input({ objective: 'calmar' }));
    expect(calmar.score).toBe(calmar.outOfSample.calmar);
    expect(calmar.score).toBeCloseTo(calmar.outOfSample.annualizedReturn / calmar.outOfSample.maxDrawdown, 9);
    const overDrawdown = evaluateTrial(input({ objective: 'return_over_drawdown' }));
    expect(overDrawdown.score).toBeCloseTo(overDrawdown.outOfSample.totalReturn / overDrawdown.outOfSample.maxDrawdown, 9);
    expect(evaluateTrial(input({ objective: 'sortino' })).score).toBe(calmar.outOfSample.sortino);
  });

  it('names every constraint a result breaks', () => {
    const evaluation = evaluateTrial(input({ constraints: { minTrades: 10_000, maxDrawdown: 0.0001 } }));
    expect(evaluation.feasible).toBe(false);
    expect(evaluation.violations).toEqual([
      { constraint: 'minTrades', message: `${evaluation.trades} out-of-sample trades, fewer than the minimum of 10000` },
      { constraint: 'maxDrawdown', message: `out-of-sample drawdown ${(evaluation.maxDrawdown * 100).toFixed(2)}% exceeds the limit of 0.01%` },
    ]);
  });

  it('refuses unaligned series and invalid parameters', () => {
    const shorter = sliceCandleSeries(series, { start: 0, end: 1000 });
    expect(() => evaluateTrial(input({ seriesByInstrument: { EUR_USD: series, GBP_USD: shorter } }))).toThrow('lengths are EUR_USD 1200, GBP_USD 1000');
    expect(() => evaluateTrial(input({ params: { ...params, fastPeriod: 50 } }))).toThrow('invalid ma-crossover parameters: fastPeriod, slowPeriod must satisfy fastPeriod < slowPeriod');
  });

  it('compounds bar returns into periods', () => {
    const [first, second] = periodReturns([0.1, -0.1, 0.05], 2);
    expect(first).toBeCloseTo(1.1 * 0.9 - 1, 12);
    expect(second).toBeCloseTo(0.05, 12);
  });
});

describe('segment metrics of flat returns', () => {
  it('scores constant returns and a single bar as flat: every ratio 0, not 1e15 or the cap', () => {
    // 0.1% a bar, every bar: a rounding-sized spread and no drawdown at all.
    const constant = segmentMetrics(Float64Array.from({ length: 100 }, () => 0.001), 0, 6240, 'sharpe');
    expect(constant).toMatchObject({ sharpe: 0, sortino: 0, calmar: 0, returnOverDrawdown: 0, objective: 0, maxDrawdown: 0 });
    expect(constant.totalReturn).toBeCloseTo(1.001 ** 100 - 1, 12);
    expect(segmentMetrics(Float64Array.of(0.02), 1, 6240, 'calmar')).toMatchObject({ sharpe: 0, sortino: 0, calmar: 0, objective: 0 });
    expect(segmentMetrics(new Float64Array(50), 0, 6240, 'sortino')).toMatchObject({ sharpe: 0, sortino: 0, objective: 0 });
    // Returns that vary but never lose keep the documented cap: a ratio with nothing to divide by ranks first.
    expect(segmentMetrics(Float64Array.of(0.001, 0.002, 0.001), 1, 6240, 'sortino').sortino).toBe(RATIO_CAP);
  });
});

describe('aligning instruments', () => {
  it('keeps only the bars every instrument has, in order', () => {
    const eur = sliceCandleSeries(series, { start: 0, end: 10 });
    const gbpTimes = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10].map((i) => i * 3_600_000);
    // GBP_USD is missing bar 3 and has a bar 10 EUR_USD lacks.
    const gbp = { ...sliceCandleSeries(series, { start: 0, end: 10 }), timeMs: Float64Array.from(gbpTimes) };
    const aligned = alignCandleSeries({ EUR_USD: eur, GBP_USD: gbp });
    const expectedTimes = [0, 1, 2, 4, 5, 6, 7, 8, 9].map((i) => i * 3_600_000);
    expect(Array.from(aligned.EUR_USD!.timeMs)).toEqual(expectedTimes);
    expect(Array.from(aligned.GBP_USD!.timeMs)).toEqual(expectedTimes);
    expect(aligned.EUR_USD!.bidClose[3]).toBe(eur.bidClose[4]);
    expect(aligned.EUR_USD!.mid.close[3]).toBeCloseTo((eur.bidClose[4]! + eur.askClose[4]!) / 2, 15);
    expect(aligned.GBP_USD!.askOpen[8]).toBe(gbp.askOpen[8]);
    const complete = alignCandleSeries({ EUR_USD: eur, USD_JPY: eur });
    expect(complete.EUR_USD).toBe(eur);
  });
});
