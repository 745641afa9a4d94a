/**
 * Parity: the recorded ticks replayed through the hot-path decision engine give exactly the trades the batch
 * backtester gives on the bars built from the same ticks. The replay venue fills each intent at the tick that
 * triggered it (the next bar's open: ask for buys, bid for sells) and plays the broker's stop-loss and take-profit
 * orders with the backtester's fill-rule functions; both sides run without commission and slippage, which the
 * engine does not model (the venue charges them).
 */
import { runBacktest, type BacktestConfig } from '../../domain/backtest/backtester';
import { candleSeriesFromColumns, type BidAskColumns, type CandleSeries } from '../../domain/backtest/candle-series';
import { periodsPerYear } from '../../domain/backtest/periods-per-year';
import type { Trade } from '../../domain/backtest/trade';
import { DecisionEngine } from '../../domain/execution/decision-engine';
import { ReplayVenue, type ReplayTrade } from '../../domain/execution/replay-venue';
import { granularityMs, instrumentSpec, type InstrumentName, type Quote } from '../../domain/market';
import type { ParameterValues } from '../../domain/strategies/parameter-space';
import { getStrategy, STRATEGIES } from '../../domain/strategies/registry';
import { readRecordedTicks } from '../fixtures/ticks/recorded-ticks';

const BAR_MS = granularityMs('M1');
const INITIAL_EQUITY_USD = 100_000;
const RISK_FRACTION = 0.01;
const TAKE_PROFIT_STOP_MULTIPLE = 2;

/** Bars from ticks written independently of the engine's aggregator: group by bucket, first/max/min/last. */
function barsFromTicks(quotes: readonly Quote[]): CandleSeries {
  const buckets = new Map<number, Quote[]>();
  for (const quote of quotes) {
    const bucketMs = Math.floor(quote.timeMs / BAR_MS) * BAR_MS;
    const bucket = buckets.get(bucketMs);
    if (bucket) bucket.push(quote);
    else buckets.set(bucketMs, [quote]);
  }
  const times = [...buckets.keys()].sort((a, b) => a - b);
  const column = (pick: (bucket: Quote[]) => number): Float64Array => Float64Array.from(times, (time) => pick(buckets.get(time)!));
  const columns: BidAskColumns = {
    timeMs: Float64Array.from(times),
    bidOpen: column((b) => b[0]!.bid), bidHigh: column((b) => Math.max(...b.map((q) => q.bid))), bidLow: column((b) => Math.min(...b.map((q) => q.bid))), bidClose: column((b) => b.at(-1)!.bid),
    askOpen: column((b) => b[0]!.ask), askHigh: column((b) => Math.max(...b.map((q) => q.ask))), askLow: column((b) => Math.min(...b.map((q) => q.ask))), askClose: column((b) => b.at(-1)!.ask),
  };
  return candleSeriesFromColumns(columns);
}

type ComparableTrade = Pick<Trade, 'direction' | 'units' | 'entryTimeMs' | 'entryPrice' | 'stopPrice' | 'exitTimeMs' | 'exitPrice' | 'exitReason' | 'profitAccount'>;

const comparable = (trade: Trade | ReplayTrade): ComparableTrade => ({
  direction: trade.direction, units: trade.units, entryTimeMs: trade.entryTimeMs, entryPrice: trade.entryPrice, stopPrice: trade.stopPrice,
  exitTimeMs: trade.exitTimeMs, exitPrice: trade.exitPrice, exitReason: trade.exitReason, profitAccount: trade.profitAccount,
});

function backtestTrades(series: CandleSeries, instrument: InstrumentName, strategyName: string, params: ParameterValues): Trade[] {
  const config: BacktestConfig = {
    instrument: instrumentSpec(instrument), accountCurrency: 'USD', initialEquityAccount: INITIAL_EQUITY_USD, riskFraction: RISK_FRACTION,
    periodsPerYear: periodsPerYear('M1'), takeProfitStopMultiple: TAKE_PROFIT_STOP_MULTIPLE,
  };
  return runBacktest(series, getStrategy(strategyName).createStreaming(params), config).trades;
}

function replayTrades(quotes: readonly Quote[], instrument: InstrumentName, strategyName: string, params: ParameterValues): { trades: ReplayTrade[]; venue: ReplayVenue; engine: DecisionEngine } {
  const unlimited = Number.MAX_SAFE_INTEGER;
  const engine = new DecisionEngine({
    accountId: '101-001-0000001-001',
    instruments: [{ instrument, granularity: 'M1', strategy: strategyName }],
    riskFraction: RISK_FRACTION,
    limits: { maxUnits: unlimited, maxNotionalUsd: unlimited, maxConcentration: unlimited, maxOpenTrades: 10, maxDailyLossUsd: unlimited, maxOrdersPerWindow: 1000, orderRateWindowMs: 1 },
    breakers: {},
    takeProfitStopMultiple: TAKE_PROFIT_STOP_MULTIPLE,
  });
  engine.reconcile({ balanceUsd: INITIAL_EQUITY_USD, positions: [], openTradeCount: 0, dailyRealizedPnlUsd: 0 }, quotes[0]!.timeMs);
  engine.activateParams(strategyName, 'v1', params);
  const venue = new ReplayVenue(engine, instrument, 'M1');
  for (const quote of quotes) venue.onQuote(quote);
  venue.finish();
  return { trades: venue.trades, venue, engine };
}

const INSTRUMENTS: InstrumentName[] = ['EUR_USD', 'USD_JPY'];
const ticksByInstrument = new Map(INSTRUMENTS.map((instrument) => [instrument, readRecordedTicks(instrument)]));

const cases: Array<[InstrumentName, string, ParameterValues]> = [
  ...INSTRUMENTS.flatMap((instrument) => STRATEGIES.map((strategy): [InstrumentName, string, ParameterValues] => [instrument, strategy.name, strategy.defaults])),
  ['EUR_USD', 'ma-crossover', { averageKind: 'sma', fastPeriod: 5, slowPeriod: 20, atrPeriod: 10, stopAtrMultiple: 1 }],
  ['USD_JPY', 'mean-reversion', { period: 30, entryZ: 1.5, exitZ: 0.2, atrPeriod: 20, stopAtrMultiple: 1.2 }],
];

describe('hot-path parity with the backtester on recorded ticks', () => {
  const exitReasons = new Set<string>();

  it('the recording covers quiet minutes: some M1 buckets have no tick', () => {
    const series = barsFromTicks(ticksByInstrument.get('EUR_USD')!);
    const spanBars = (series.timeMs[series.length - 1]! - series.timeMs[0]!) / BAR_MS + 1;
    expect(series.length).toBeGreaterThan(1500);
    expect(spanBars - series.length).toBeGreaterThan(10);
  });

  it.each(cases)('%s %s %j: the same trades, to the last bit', (instrument, strategyName, params) => {
    const quotes = ticksByInstrument.get(instrument)!;
    const expected = backtestTrades(barsFromTicks(quotes), instrument, strategyName, params);
    const { trades, engine } = replayTrades(quotes, instrument, strategyName, params);

    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(trades.map(comparable)).toEqual(expected.map(comparable));
    expect(trades.every((trade) => trade.paramsVersion === 'v1')).toBe(true);
    expect(engine.positionUnits(instrument)).toBe(expected.at(-1)!.exitReason === 'end-of-data' ? expected.at(-1)!.direction * expected.at(-1)!.units : 0);
    for (const trade of trades) exitReasons.add(trade.exitReason);
  });

  it('between them the cases exit by signal, stop-loss and take-profit', () => {
    expect([...exitReasons].sort()).toEqual(expect.arrayContaining(['signal', 'stop-loss', 'take-profit']));
  });
});
