import fc from 'fast-check';
import { backtestStrategy, type BacktestConfig } from '../../../../domain/backtest/backtester';
import { candleSeriesFromColumns, type CandleSeries } from '../../../../domain/backtest/candle-series';
import { marketFillPrice } from '../../../../domain/backtest/fill-rule';
import { syntheticCandleSeries } from '../../../../domain/backtest/synthetic-series';
import { instrumentSpec, pipSize } from '../../../../domain/market';
import { seededRandom } from '../../../../domain/random';
import { quoteToAccountRate } from '../../../../domain/sizing/quote-conversion';
import { sampleParameters, type ParameterValues } from '../../../../domain/strategies/parameter-space';
import { STRATEGIES } from '../../../../domain/strategies/registry';
import type { StrategyDefinition } from '../../../../domain/strategies/types';

const BARS = 300;
const runs = { numRuns: 40 };

interface Scenario {
  series: CandleSeries;
  strategy: StrategyDefinition<ParameterValues>;
  params: ParameterValues;
  config: BacktestConfig;
  seriesSeed: number;
}

/** Periods capped at 40 so that 300 bars trade; everything else drawn from the strategy's own space. */
function cappedParams(strategy: StrategyDefinition<ParameterValues>, seed: number): ParameterValues {
  const drawn = sampleParameters(strategy.parameterSpace, seededRandom(seed));
  const capped: ParameterValues = { ...drawn };
  for (const [field, value] of Object.entries(drawn)) if (typeof value === 'number' && field.toLowerCase().includes('period')) capped[field] = Math.min(value, 40);
  return strategy.validateParams(capped).ok ? capped : strategy.defaults;
}

const seriesFor = (instrument: string, seed: number): CandleSeries => syntheticCandleSeries({
  bars: BARS, random: seededRandom(seed), startMidPrice: instrument === 'USD_JPY' ? 150 : 1.1,
  volatilityPerBar: 0.002, spreadPrice: instrument === 'USD_JPY' ? 0.02 : 0.0002,
});

const scenario = fc.record({
  strategyIndex: fc.integer({ min: 0, max: STRATEGIES.length - 1 }),
  paramsSeed: fc.integer(),
  seriesSeed: fc.integer(),
  instrument: fc.constantFrom('EUR_USD', 'USD_JPY'),
  commissionBps: fc.constantFrom(0, 0.5),
  slippagePips: fc.constantFrom(0, 0.2),
  takeProfitStopMultiple: fc.constantFrom(undefined, 1.5, 3),
}).map(({ strategyIndex, paramsSeed, seriesSeed, instrument, ...costs }): Scenario => {
  const strategy = STRATEGIES[strategyIndex]!;
  return {
    series: seriesFor(instrument, seriesSeed),
    strategy,
    params: cappedParams(strategy, paramsSeed),
    config: { instrument: instrumentSpec(instrument), accountCurrency: 'USD', initialEquityAccount: 100_000, riskFraction: 0.01, periodsPerYear: 6240, ...costs },
    seriesSeed,
  };
});

describe('backtester invariants', () => {
  it('equity = cash + open P/L at every close, and the trades account for all of the P/L', () => {
    fc.assert(fc.property(scenario, ({ series, strategy, params, config }) => {
      const result = backtestStrategy(series, strategy, params, config);
      const openAt = new Map<number, (typeof result.trades)[number]>();
      for (const trade of result.trades) for (let i = trade.entryIndex; i < trade.exitIndex; i++) openAt.set(i, trade);
      for (let i = 0; i < BARS; i++) {
        const trade = openAt.get(i);
        let openProfit = 0;
        if (trade && i !== BARS - 1) {
          expect(result.positionUnits[i]).toBe(trade.direction * trade.units);
          const mark = trade.direction === 1 ? series.bidClose[i]! : series.askClose[i]!;
          openProfit = trade.direction * trade.units * (mark - trade.entryPrice) * quoteToAccountRate(config.instrument.name, 'USD', series.mid.close[i]!);
        } else {
          expect(result.positionUnits[i]).toBe(0);
        }
        expect(Math.abs(result.equity[i]! - (result.cash[i]! + openProfit))).toBeLessThan(1e-9 * result.equity[i]!);
      }
      const booked = result.trades.reduce((sum, trade) => sum + trade.profitAccount, 0);
      expect(result.equity[BARS - 1]! - config.initialEquityAccount).toBeCloseTo(booked, 6);
    }), runs);
  });

  it('fills no order before the bar after its signal: each entry follows a signal on the previous bar, at that open', () => {
    let entries = 0;
    fc.assert(fc.property(scenario, ({ series, strategy, params, config }) => {
      const signals = strategy.batchSignals(series.mid, params);
      const slippagePrice = (config.slippagePips ?? 0) * pipSize(config.instrument.name);
      for (const trade of backtestStrategy(series, strategy, params, config).trades) {
        entries++;
        expect(trade.entryIndex).toBeGreaterThanOrEqual(1);
        expect(signals.direction[trade.entryIndex - 1]).toBe(trade.direction);
        if (trade.entryIndex >= 2) expect(signals.direction[trade.entryIndex - 2]).not.toBe(trade.direction);
        expect(trade.entryPrice).toBe(marketFillPrice(trade.direction, series.bidOpen[trade.entryIndex]!, series.askOpen[trade.entryIndex]!, slippagePrice));
        expect(trade.exitIndex).toBeGreaterThanOrEqual(trade.entryIndex);
      }
    }), runs);
    expect(entries).toBeGreaterThan(100);
  });

  it('never looks ahead: replacing bars after t changes no equity, cash or completed trade up to t', () => {
    fc.assert(fc.property(scenario, fc.integer(), fc.integer({ min: 0, max: BARS - 2 }), ({ series, strategy, params, config }, otherSeed, t) => {
      const other = seriesFor(config.instrument.name, otherSeed);
      const splice = (mine: Float64Array, theirs: Float64Array): Float64Array => Float64Array.from(mine, (x, i) => (i <= t ? x : theirs[i]!));
      const altered = candleSeriesFromColumns({
        timeMs: series.timeMs,
        bidOpen: splice(series.bidOpen, other.bidOpen), bidHigh: splice(series.bidHigh, other.bidHigh), bidLow: splice(series.bidLow, other.bidLow), bidClose: splice(series.bidClose, other.bidClose),
        askOpen: splice(series.askOpen, other.askOpen), askHigh: splice(series.askHigh, other.askHigh), askLow: splice(series.askLow, other.askLow), askClose: splice(series.askClose, other.askClose),
      });
      const original = backtestStrategy(series, strategy, params, config);
      const changed = backtestStrategy(altered, strategy, params, config);
      expect(Array.from(changed.equity.subarray(0, t + 1))).toEqual(Array.from(original.equity.subarray(0, t + 1)));
      expect(Array.from(changed.cash.subarray(0, t + 1))).toEqual(Array.from(original.cash.subarray(0, t + 1)));
      const doneBy = (trades: typeof original.trades) => trades.filter((trade) => trade.exitIndex <= t);
      expect(doneBy(changed.trades)).toEqual(doneBy(original.trades));
    }), runs);
  });

  it('is deterministic: the same inputs give the same result', () => {
    fc.assert(fc.property(scenario, ({ series, strategy, params, config }) => {
      expect(backtestStrategy(series, strategy, params, config)).toEqual(backtestStrategy(series, strategy, params, config));
    }), { numRuns: 10 });
  });
});
